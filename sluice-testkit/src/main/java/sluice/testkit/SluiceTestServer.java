package sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.server.Assembly;
import sluice.server.config.Durability;
import sluice.server.config.Engine;
import sluice.server.config.SluiceConfig;
import sluice.server.net.SluiceServer;

/**
 * A real Sluice server in the test's own JVM, on an ephemeral loopback port, with its data in a
 * fresh temporary directory (deleted on close unless the test owns it). Everything runs as in
 * production: Netty, SigV4, the RocksDB engine with fsync group commit unless told otherwise.
 * Credentials are AWS's documented defaults for Sluice: access key {@code test}, secret
 * {@code test}, account {@code 000000000000}.
 */
public final class SluiceTestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    private final SluiceConfig config;
    private final boolean ownsDataDir;
    private final Assembly assembly;
    private final SluiceServer server;

    private SluiceTestServer(SluiceConfig config, boolean ownsDataDir, Clock clock) {
        this.config = config;
        this.ownsDataDir = ownsDataDir;
        this.assembly = Assembly.build(config, clock, Randomness.secure());
        try {
            this.server = SluiceServer.start(config, assembly.handler());
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    /** A server on the RocksDB engine with fsync durability in a fresh temporary directory. */
    public static SluiceTestServer start() {
        return start(c -> c);
    }

    /** A server whose configuration the test adjusts (engine, durability, limits…). */
    public static SluiceTestServer start(UnaryOperator<SluiceConfig> adjust) {
        return start(adjust, Clock.system());
    }

    public static SluiceTestServer start(UnaryOperator<SluiceConfig> adjust, Clock clock) {
        Path dir = tempDir();
        SluiceConfig config = adjust.apply(SluiceConfig.defaults()
                .withPort(0).withDataDir(dir).withEngine(Engine.ROCKSDB).withDurability(Durability.FSYNC)
                .withIdleTimeout(Duration.ofSeconds(120)));
        return new SluiceTestServer(config, true, clock);
    }

    /** Stops this server and starts a new one on the same data directory (a clean restart). */
    public SluiceTestServer restart() {
        closeServer();
        return new SluiceTestServer(config, ownsDataDir, Clock.system());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** The URL of a queue of the default account, as the server builds it. */
    public String queueUrl(String name) {
        return endpoint() + "/" + ACCOUNT + "/" + name;
    }

    private void closeServer() {
        try {
            server.close();
        } finally {
            assembly.close();
        }
    }

    @Override
    public void close() {
        closeServer();
        if (ownsDataDir) {
            deleteRecursively(config.dataDir());
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("sluice-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
