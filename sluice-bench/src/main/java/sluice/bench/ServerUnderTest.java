package sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import sluice.testkit.SluiceProcess;

/**
 * A server the benchmark talks to: its endpoint, its process id when known (for the RSS readings)
 * and what to do when the benchmark is done with it (stop what was started here, leave alone what
 * was already running).
 */
abstract class ServerUnderTest implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^:/\\s]+:(\\d+)");

    abstract URI endpoint();

    /** The server's process id, or 0 when unknown. */
    abstract long pid();

    /** What was started and how, for the report. */
    abstract String description();

    @Override
    public abstract void close();

    /** A server that was already running: found by its port, never stopped. */
    static ServerUnderTest existing(URI endpoint, String description) {
        requireLoopback(endpoint);
        long pid = ProcessInfo.listenerPid(portOf(endpoint)).orElse(0);
        return new ServerUnderTest() {
            @Override
            URI endpoint() {
                return endpoint;
            }

            @Override
            long pid() {
                return pid;
            }

            @Override
            String description() {
                return description;
            }

            @Override
            public void close() {
            }
        };
    }

    /** How to start Sluice. */
    enum LaunchMode {
        /** The launcher script (bin/sluice): the server exactly as shipped, JVM flags included. */
        LAUNCHER,
        /** {@link SluiceProcess} from the test kit: this class path, -Xmx512m, JVM defaults otherwise. */
        SLUICE_PROCESS
    }

    /**
     * Starts Sluice in a separate process with its default settings (RocksDB engine, fsync
     * durability) on a free port and a fresh data directory, which is deleted on close.
     */
    static ServerUnderTest startSluice(LaunchMode mode, Path launcher, List<String> extraArgs, String jfrFile, PrintWriter log) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("sluice-bench-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String jfrOption = jfrFile == null ? null : "-XX:StartFlightRecording=name=sluice-bench,settings=profile,dumponexit=true,filename=" + jfrFile;
        if (mode == LaunchMode.SLUICE_PROCESS) {
            if (jfrFile != null) {
                throw new IllegalArgumentException("--sluice-jfr needs --sluice-launcher");
            }
            SluiceProcess process = SluiceProcess.start(dataDir, extraArgs.toArray(String[]::new));
            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("sluice.server.Main"))
                    .mapToLong(ProcessHandle::pid).max().orElse(0);
            String how = "SluiceProcess (sluice.server.Main, -Xmx512m) --data-dir " + dataDir + " " + String.join(" ", extraArgs);
            return new Started(process.endpoint(), pid, how.trim(), dataDir, () -> process.terminate());
        }
        List<String> command = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        command.add(launcher.toString());
        if (jfrOption != null) {
            // bin/sluice passes SLUICE_JAVA_OPTS to the server JVM only (JAVA_TOOL_OPTIONS would reach
            // every JVM the script runs); the recording is dumped with jcmd before the server is stopped
            Map<String, String> env = builder.environment();
            env.put("SLUICE_JAVA_OPTS", (env.getOrDefault("SLUICE_JAVA_OPTS", "") + " " + jfrOption).trim());
        }
        String how = (jfrOption != null ? "SLUICE_JAVA_OPTS=" + jfrOption + " " : "") + launcher;
        command.addAll(List.of("--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(extraArgs);
        how += " --port 0 --data-dir " + dataDir + (extraArgs.isEmpty() ? "" : " " + String.join(" ", extraArgs));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> lastLines = new ArrayDeque<>();
        Thread reader = new Thread(() -> pump(process, port, lastLines, log), "sluice-output");
        reader.setDaemon(true);
        reader.start();
        int p;
        try {
            // bin/sluice builds first when the sources are newer than its jar
            p = port.get(600, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            deleteTree(dataDir);
            String tail;
            synchronized (lastLines) {
                tail = String.join("\n", lastLines);
            }
            throw new IllegalStateException("Sluice did not start (" + e + "); last output:\n" + tail, e);
        }
        // bin/sluice execs java, so the launched process is the server JVM itself
        return new Started(URI.create("http://127.0.0.1:" + p), process.pid(), how, dataDir, () -> {
            process.destroy(); // the JVM writes the JFR recording as it exits
            try {
                // a graceful stop; bin/sluice's JVM may also write its ahead-of-time class cache on exit
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            return process.isAlive() ? -1 : process.exitValue();
        });
    }

    private static void pump(Process process, CompletableFuture<Integer> port, Deque<String> lastLines, PrintWriter log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (log != null) {
                    synchronized (log) {
                        log.println(line);
                        log.flush();
                    }
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 40) {
                        lastLines.removeFirst();
                    }
                }
                if (!port.isDone()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("server exited before listening"));
    }

    /**
     * Starts a peer (ElasticMQ) with the shared {@code peer.sh} on the same JDK as this benchmark,
     * and stops it again on close.
     */
    static ServerUnderTest startPeer(Path peerScript, String name, URI endpoint, PrintWriter log) {
        requireLoopback(endpoint);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        runScript(peerScript, "start", name, java, log);
        if (!reachable(endpoint)) {
            runScript(peerScript, "stop", name, java, log);
            throw new IllegalStateException(peerScript + " start " + name + " did not open " + endpoint);
        }
        long pid = ProcessInfo.listenerPid(portOf(endpoint)).orElse(0);
        String how = peerScript + " start " + name + " (JAVA=" + java + ")";
        return new Started(endpoint, pid, how, null, () -> runScript(peerScript, "stop", name, java, log));
    }

    private static int runScript(Path script, String action, String name, String java, PrintWriter log) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), action, name).redirectErrorStream(true);
        builder.environment().put("JAVA", java);
        try {
            Process process = builder.start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.append(line).append('\n');
                }
            }
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " " + action + " " + name + " did not finish in 300 s");
            }
            if (log != null) {
                synchronized (log) {
                    log.print(out);
                    log.flush();
                }
            }
            System.err.print("bench: " + out.toString().replace("\n", "\nbench: ").replaceAll("bench: $", ""));
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + action + " " + name + " failed (exit " + process.exitValue() + "): " + out);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True when something accepts TCP connections at the endpoint's host and port. */
    static boolean reachable(URI endpoint) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), portOf(endpoint)), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int portOf(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
    }

    /** The benchmark only ever sends traffic to this machine. */
    static void requireLoopback(URI endpoint) {
        String host = endpoint.getHost();
        boolean loopback = host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        if (!loopback) {
            throw new IllegalArgumentException("only loopback endpoints (127.0.0.0/8, localhost, [::1]) are allowed: " + endpoint);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    interface Stopper {
        int stop() throws Exception;
    }

    private static final class Started extends ServerUnderTest {
        private final URI endpoint;
        private final long pid;
        private final String description;
        private final Path dataDir;
        private final Stopper stopper;
        private boolean closed;

        Started(URI endpoint, long pid, String description, Path dataDir, Stopper stopper) {
            this.endpoint = endpoint;
            this.pid = pid;
            this.description = description;
            this.dataDir = dataDir;
            this.stopper = stopper;
        }

        @Override
        URI endpoint() {
            return endpoint;
        }

        @Override
        long pid() {
            return pid;
        }

        @Override
        String description() {
            return description;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                stopper.stop();
            } catch (Exception e) {
                System.err.println("bench: stopping the server: " + e);
            } finally {
                deleteTree(dataDir);
            }
        }
    }

}
