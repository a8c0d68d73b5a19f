package sluice.server.net;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import sluice.server.config.ConfigException;
import sluice.server.config.SluiceConfig;
import sluice.server.config.TlsConfig;

/**
 * The server's TLS context: TLS 1.3/1.2 on the JDK provider, HTTP/2-safe ciphers, ALPN offering h2
 * then http/1.1. The certificate and key come from the configured PEM files, or are generated
 * (see {@link SelfSigned}) when none are configured.
 *
 * <p>Building a TLS context on a cold JVM costs about a second (JCA providers, BouncyCastle and
 * JSSE class loading), so a generated one is built on a background thread while the server
 * starts; the first TLS connection waits for it ({@link ProtocolSniffer}). A generated context is
 * kept for the life of the JVM and shared by later servers with the same names (tests start many).
 * Configured files are loaded before the server starts, so a bad file fails the start.
 */
final class Tls {

    private static final System.Logger LOG = System.getLogger("sluice.server.net");
    private static final Map<List<String>, CompletableFuture<Material>> GENERATED = new ConcurrentHashMap<>();

    record Material(SslContext context, X509Certificate certificate) {
    }

    private Tls() {
    }

    /**
     * The TLS material: already loaded when files are configured, else being generated.
     *
     * @throws ConfigException when the configured PEM files cannot be used
     */
    static CompletableFuture<Material> start(SluiceConfig config) {
        if (!config.tls().selfSigned()) {
            return CompletableFuture.completedFuture(load(config));
        }
        List<String> names = extraNames(config);
        return GENERATED.computeIfAbsent(names, n -> {
            CompletableFuture<Material> future = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("sluice-tls-setup").start(() -> {
                try {
                    future.complete(load(config));
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot set up TLS; TLS connections will be refused", e);
                    GENERATED.remove(n, future);
                    future.completeExceptionally(e);
                }
            });
            return future;
        });
    }

    /** Names for the generated certificate besides localhost: the listening host and the public URL's host. */
    private static List<String> extraNames(SluiceConfig config) {
        List<String> extra = new ArrayList<>(List.of(config.host()));
        try {
            String host = config.publicUrl() == null ? null : URI.create(config.publicUrl()).getHost();
            if (host != null) {
                extra.add(host);
            }
        } catch (IllegalArgumentException e) {
            // not a URL (the loader rejects those): nothing to add
        }
        return List.copyOf(extra);
    }

    /** @throws ConfigException when the configured PEM files cannot be used */
    static Material load(SluiceConfig config) {
        TlsConfig tls = config.tls();
        SslContextBuilder builder;
        X509Certificate leaf;
        if (tls.selfSigned()) {
            SelfSigned.Material generated = SelfSigned.generate(extraNames(config));
            leaf = generated.certificate();
            builder = SslContextBuilder.forServer(generated.key(), leaf);
        } else {
            leaf = readLeaf(tls);
            try {
                builder = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile());
            } catch (IllegalArgumentException e) {
                throw unusable(tls, e);
            }
        }
        builder.sslProvider(SslProvider.JDK)
                // the key store is only ever in memory: JKS spares PKCS12's 10,000-round key derivation at start
                .keyStoreType("JKS")
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        try {
            return new Material(builder.build(), leaf);
        } catch (SSLException | IllegalArgumentException e) {
            throw unusable(tls, e);
        }
    }

    private static X509Certificate readLeaf(TlsConfig tls) {
        try (InputStream in = Files.newInputStream(tls.certificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new ConfigException("tls.certificate=" + tls.certificate()
                    + ": tls.certificate must be a PEM X.509 certificate chain (" + e.getMessage() + ")");
        }
    }

    private static ConfigException unusable(TlsConfig tls, Exception e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new ConfigException("tls.certificate=" + tls.certificate() + ", tls.privateKey=" + tls.privateKey()
                + ": they must be a PEM certificate chain and its unencrypted PEM private key (" + root.getMessage() + ")", e);
    }
}
