package sluice.server.config;

import java.nio.file.Path;

/**
 * Where the TLS certificate chain and private key (PEM) come from. Both null: a self-signed
 * certificate (CN=localhost) is generated at start. The loader guarantees both-or-neither.
 */
public record TlsConfig(Path certificate, Path privateKey) {

    public static final TlsConfig SELF_SIGNED = new TlsConfig(null, null);

    public boolean selfSigned() {
        return certificate == null && privateKey == null;
    }
}
