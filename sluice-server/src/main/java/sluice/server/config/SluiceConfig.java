package sluice.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated configuration of one Sluice server. Built by {@link ConfigLoader} from a YAML file,
 * {@code SLUICE_*} environment variables and flags (see {@link Setting} for names and defaults);
 * tests start from {@link #defaults()} and adjust with the {@code with*} methods, which do not
 * re-validate. Paths are absolute. {@code publicUrl} null means queue URLs are derived from the
 * request's Host header; {@code idleTimeout} zero means connections are never closed for idleness.
 * {@code outbound} says where SNS delivers what leaves the process (Lambda endpoints, SMTP relay).
 * {@code kinesisStrictLimits} enforces Kinesis' per-shard throughput limits ({@code kinesis.limits: strict}).
 */
public record SluiceConfig(String host, int port, Path dataDir, Engine engine, Durability durability,
                           List<CredentialConfig> credentials, String defaultRegion, TlsConfig tls,
                           long maxBodyBytes, int maxHeaderBytes, Duration idleTimeout, boolean strictLimits,
                           String publicUrl, int lanes, OutboundConfig outbound, boolean kinesisStrictLimits) {

    public SluiceConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(durability, "durability");
        credentials = List.copyOf(credentials);
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(outbound, "outbound");
    }

    /** Every setting at its default, relative paths resolved against the process's working directory. */
    public static SluiceConfig defaults() {
        return ConfigLoader.defaults(Path.of("").toAbsolutePath());
    }

    public SluiceConfig withHost(String v) {
        return new SluiceConfig(v, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withPort(int v) {
        return new SluiceConfig(host, v, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withDataDir(Path v) {
        return new SluiceConfig(host, port, v, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withEngine(Engine v) {
        return new SluiceConfig(host, port, dataDir, v, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withDurability(Durability v) {
        return new SluiceConfig(host, port, dataDir, engine, v, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withCredentials(List<CredentialConfig> v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, v, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withDefaultRegion(String v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, v, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withTls(TlsConfig v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, v, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withMaxBodyBytes(long v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, v,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withMaxHeaderBytes(int v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                v, idleTimeout, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withIdleTimeout(Duration v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, v, strictLimits, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withStrictLimits(boolean v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, v, publicUrl, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withPublicUrl(String v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, v, lanes, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withOutbound(OutboundConfig v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, v, kinesisStrictLimits);
    }

    public SluiceConfig withLanes(int v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, v, outbound, kinesisStrictLimits);
    }

    public SluiceConfig withKinesisStrictLimits(boolean v) {
        return new SluiceConfig(host, port, dataDir, engine, durability, credentials, defaultRegion, tls, maxBodyBytes,
                maxHeaderBytes, idleTimeout, strictLimits, publicUrl, lanes, outbound, v);
    }
}
