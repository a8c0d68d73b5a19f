package sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;
import sluice.server.config.ConfigException;
import sluice.server.config.ConfigLoader;
import sluice.server.config.SluiceConfig;
import sluice.server.net.SluiceServer;

/**
 * The {@code sluice} command: reads the configuration (exit 2 with one line on stderr when it is
 * invalid), assembles the services, starts the server, prints one "listening" line on stdout and
 * runs until SIGTERM/SIGINT, when a shutdown hook closes the server gracefully and then the
 * assembly (which flushes storage). Exit 1 when the server cannot start (port in use, ...).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (ConfigLoader.helpRequested(args)) {
            out.print(ConfigLoader.help());
            out.flush();
            return;
        }
        Path workingDir = Path.of("").toAbsolutePath();
        SluiceConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv(), workingDir);
        } catch (ConfigException e) {
            err.println("sluice: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging();
        SluiceServer.warmUp(config); // Netty and TLS set-up overlap with assembling the services
        Assembly assembly;
        try {
            assembly = Assembly.build(config);
        } catch (RuntimeException e) {
            err.println("sluice: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        SluiceServer server;
        try {
            server = SluiceServer.start(config, assembly.handler());
        } catch (RuntimeException e) {
            assembly.close();
            if (e instanceof ConfigException) {
                err.println("sluice: invalid configuration: " + e.getMessage());
                System.exit(2);
            }
            err.println("sluice: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                try {
                    assembly.close();
                } finally {
                    stopped.countDown();
                }
            }
        }, "sluice-shutdown"));
        out.println("sluice: listening on http://" + hostForUrl(config.host()) + ":" + server.port()
                + " (tls and h2 on the same port), engine " + config.engine().name().toLowerCase(java.util.Locale.ROOT)
                + ", durability " + config.durability().name().toLowerCase(java.util.Locale.ROOT)
                + ", data " + shown(config.dataDir(), workingDir));
        out.flush();
        awaitUninterruptibly(stopped);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The data directory as the user likely wrote it: ./relative when under the working directory. */
    private static String shown(Path dataDir, Path workingDir) {
        if (dataDir.startsWith(workingDir) && !dataDir.equals(workingDir)) {
            return "./" + workingDir.relativize(dataDir);
        }
        return dataDir.toString();
    }

    /** Our one-line log format on stderr, unless the user configured java.util.logging. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("/sluice-logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("sluice: cannot configure logging: " + e.getMessage());
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting: only the shutdown hook ends the server
            }
        }
    }
}
