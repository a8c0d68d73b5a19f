package sluice.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The end-to-end SQS load generator behind {@code bin/bench}: runs the same workload against
 * Sluice (started here as a separate process with its default settings, or an already running
 * one) and ElasticMQ, one after the other on this machine, and writes a Markdown report.
 *
 * <p>Per target: a peak phase (producers send batches as fast as they can, consumers receive and
 * delete), then a paced phase at half of the peak send rate (for the p99 SendMessageBatch latency
 * at that load), then the server's idle resident memory. Every phase is bounded in time and every
 * request goes to a loopback address. Run with {@code --help} for the flags.
 */
public final class SqsLoadGenerator {
    static final String RESULTS_BEGIN = "<!-- sluice-bench:results:begin -->";
    static final String RESULTS_END = "<!-- sluice-bench:results:end -->";

    /** The server being measured, stopped by the shutdown hook when the benchmark is interrupted. */
    private static volatile ServerUnderTest current;

    private SqsLoadGenerator() {
    }

    /** Parsed command line. */
    static final class Options {
        int threads = 8;
        int producers = -1;
        Duration duration = Duration.ofSeconds(20);
        Duration warmup = Duration.ofSeconds(45);
        Duration clientWarmup = Duration.ofSeconds(15);
        boolean clientWarmedUp;
        Duration halfDuration;
        Duration halfWarmup = Duration.ofSeconds(2);
        /** Idle time before an RSS reading: Sluice gives memory back after 30 s without requests. */
        Duration idleSettle = Duration.ofSeconds(40);
        int messageBytes = 100;
        int batchSize = 10;
        int waitTimeSeconds = 1;
        List<String> targets = List.of("sluice", "elasticmq");
        URI sluiceEndpoint;
        Path sluiceLauncher;
        List<String> sluiceArgs = List.of();
        String sluiceJfr;
        URI elasticmqEndpoint = URI.create("http://127.0.0.1:9324");
        Path peerScript;
        Path output;
        Path log;
        String httpClient = "apache";

        int consumers() {
            return threads - producers;
        }
    }

    static final String USAGE = """
            usage: bin/bench [flags]   (or: java -jar sluice-bench/target/sluice-bench.jar [flags])
              --threads N            client threads, split between producers and consumers (default 8)
              --producers N          how many of them produce (default: half, at least 1; the rest consume)
              --duration S           measured seconds of the peak phase (default 20)
              --warmup S             unmeasured seconds before it, in which each server JIT-compiles its hot
                                     paths and finishes its start-up work (default 45: on two shared cores
                                     the JIT compilers need about that long under load to settle)
              --client-warmup S      once, before any target: load against a throwaway Sluice process, so the
                                     client's JIT warm-up is paid by neither target (default 15; 0 = off)
              --half-duration S      measured seconds of the phase at half of the peak send rate (default: --duration)
              --message-size B       message body bytes (default 100); batches are always 10 messages
              --targets LIST         comma-separated, in run order: sluice,elasticmq (default both)
              --sluice-endpoint URL  use this already running Sluice instead of starting one
              --sluice-launcher PATH start Sluice with this script (bin/sluice); default: the test kit's SluiceProcess
              --sluice-args "ARGS"   extra flags for the started server, space-separated (default none: rocksdb, fsync)
              --sluice-jfr FILE      record a JFR profile of the started server (needs --sluice-launcher, which must
                                     honour SLUICE_JAVA_OPTS as bin/sluice does; skews RSS and latency)
              --elasticmq-endpoint URL  default http://127.0.0.1:9324
              --peer-script PATH     peer.sh used to start ElasticMQ when it is not running (stopped again after)
              --http-client NAME     apache (Apache HttpClient 4.x, default) or apache5
              --output FILE          write the results section of this Markdown file (docs/benchmarks.md)
              --log FILE             server output (default: a file in the temp directory)
            Only loopback endpoints are accepted; every phase stops by itself.""";

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }

            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("missing value for " + arg);
                }
                value = args[++i];
            }
            try {
                switch (arg) {
                    case "--threads" -> o.threads = positive(arg, Integer.parseInt(value));
                    case "--producers" -> o.producers = positive(arg, Integer.parseInt(value));
                    case "--duration" -> o.duration = seconds(arg, value);
                    case "--warmup" -> o.warmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--client-warmup" -> o.clientWarmup = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--half-duration" -> o.halfDuration = seconds(arg, value);
                    case "--message-size" -> o.messageBytes = positive(arg, Integer.parseInt(value));
                    case "--targets" -> o.targets = Arrays.stream(value.split(",")).map(String::trim)
                            .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
                    case "--sluice-endpoint" -> o.sluiceEndpoint = URI.create(value);
                    case "--sluice-launcher" -> o.sluiceLauncher = Path.of(value).toAbsolutePath();
                    case "--sluice-args" -> o.sluiceArgs = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
                    case "--sluice-jfr" -> o.sluiceJfr = Path.of(value).toAbsolutePath().toString();
                    case "--elasticmq-endpoint" -> o.elasticmqEndpoint = URI.create(value);
                    case "--peer-script" -> o.peerScript = Path.of(value).toAbsolutePath();
                    case "--output" -> o.output = value.equals("-") ? null : Path.of(value).toAbsolutePath();
                    case "--log" -> o.log = Path.of(value).toAbsolutePath();
                    case "--http-client" -> {
                        if (!value.equals("apache") && !value.equals("apache5")) {
                            throw new UsageException("--http-client: apache or apache5");
                        }
                        o.httpClient = value;
                    }
                    default -> throw new UsageException("unknown flag: " + arg);
                }
            } catch (NumberFormatException e) {
                throw new UsageException("not a number for " + arg + ": " + value);
            }
        }
        if (o.producers < 0) {
            o.producers = Math.max(1, o.threads / 2);
        }
        if (o.threads < 2 || o.producers >= o.threads) {
            throw new UsageException("need at least one producer and one consumer: --threads " + o.threads + " --producers " + o.producers);
        }
        if (o.messageBytes > 256 * 1024 / o.batchSize) {
            throw new UsageException("--message-size: a batch of 10 must stay within 256 KiB");
        }
        if (o.halfDuration == null) {
            o.halfDuration = o.duration;
        }
        for (String t : o.targets) {
            if (!t.equals("sluice") && !t.equals("elasticmq")) {
                throw new UsageException("unknown target: " + t + " (sluice, elasticmq)");
            }
        }
        if (o.targets.isEmpty()) {
            throw new UsageException("no targets");
        }
        if (o.sluiceEndpoint != null) {
            ServerUnderTest.requireLoopback(o.sluiceEndpoint);
        }
        ServerUnderTest.requireLoopback(o.elasticmqEndpoint);
        return o;
    }

    private static int positive(String flag, int v) {
        if (v <= 0) {
            throw new UsageException(flag + " must be positive");
        }
        return v;
    }

    private static Duration seconds(String flag, String value) {
        double s = Double.parseDouble(value);
        if (!(s > 0) || s > 3600) {
            throw new UsageException(flag + " must be in (0, 3600] seconds");
        }
        return Duration.ofMillis((long) (s * 1000));
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The outcome for one target. */
    static final class TargetResult {
        final String name;
        String how = "";
        String endpoint = "";
        String failure;
        long pid;
        SqsWorkload.Result peak;
        SqsWorkload.Result half;
        OptionalLong rssAfterStartKib = OptionalLong.empty();
        OptionalLong rssAfterRunKib = OptionalLong.empty();
        OptionalLong peakRssKib = OptionalLong.empty();
        OptionalLong rssAfterDeleteKib = OptionalLong.empty();
        boolean startedHere;

        TargetResult(String name) {
            this.name = name;
        }

        String displayName() {
            return name.equals("sluice") ? "Sluice" : "ElasticMQ";
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("bench: " + e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Thread hook = new Thread(() -> {
            ServerUnderTest s = current;
            if (s != null) {
                s.close();
            }
        }, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = run(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        }
        System.exit(code);
    }

    static int run(Options o) throws InterruptedException {
        ZonedDateTime started = ZonedDateTime.now();
        MachineInfo machine = MachineInfo.read();
        Path logFile = o.log;
        try {
            if (logFile == null) {
                logFile = Files.createTempFile("sluice-bench-", ".log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TargetResult> results = new ArrayList<>();
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8))) {
            say("machine: %d processors, %s, %s, kernel %s, %s; load average %s", machine.processors(), machine.cpuModel(),
                    machine.memory(), machine.kernel(), machine.jdk(), machine.loadAverage());
            say("workload: %d threads (%d producers, %d consumers), batches of %d x %d-byte messages, warm-up %s, measured %s, half-load %s; server output in %s",
                    o.threads, o.producers, o.consumers(), o.batchSize, o.messageBytes, secs(o.warmup), secs(o.duration),
                    secs(o.halfDuration), logFile);
            warmUpClient(o, log);
            for (String target : o.targets) {
                results.add(runTarget(target, o, log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String section = Report.markdown(o, machine, started, results);
        System.out.println();
        System.out.println(section);
        if (o.output != null) {
            try {
                Report.writeInto(o.output, section);
                say("results written to %s", o.output);
            } catch (IOException e) {
                System.err.println("bench: could not write " + o.output + ": " + e);
                return 1;
            }
        }
        boolean failed = results.stream().anyMatch(r -> r.failure != null);
        return failed ? 1 : 0;
    }

    private static TargetResult runTarget(String target, Options o, PrintWriter log) throws InterruptedException {
        TargetResult r = new TargetResult(target);
        say("%s: starting", r.displayName());
        ServerUnderTest server;
        try {
            server = open(target, o, log);
        } catch (RuntimeException e) {
            r.failure = "could not start or reach the server: " + e.getMessage();
            say("%s: %s", r.displayName(), r.failure);
            return r;
        }
        current = server;
        try (server) {
            r.how = server.description();
            r.endpoint = server.endpoint().toString();
            r.pid = server.pid();
            say("%s: %s at %s (pid %s)", r.displayName(), r.how, server.endpoint(), r.pid > 0 ? r.pid : "unknown");
            Thread.sleep(3000); // let start-up work (JIT, compaction of an empty store) settle
            r.rssAfterStartKib = ProcessInfo.rssKib(r.pid);
            say("%s: idle RSS after start %s", r.displayName(), mib(r.rssAfterStartKib));
            try (SqsClient client = client(server.endpoint(), o.threads, o.httpClient)) {
                long stamp = System.currentTimeMillis();
                String peakQueue = client.createQueue(b -> b.queueName("bench-peak-" + stamp)).queueUrl();
                String halfQueue = client.createQueue(b -> b.queueName("bench-half-" + stamp)).queueUrl();
                say("%s: queues %s, %s", r.displayName(), peakQueue, halfQueue);
                requireLoopbackQueueUrl(peakQueue);
                requireLoopbackQueueUrl(halfQueue);

                say("%s: peak phase (%s warm-up + %s measured)", r.displayName(), secs(o.warmup), secs(o.duration));
                r.peak = new SqsWorkload(client, peakQueue, o.producers, o.consumers(), o.messageBytes, o.batchSize, o.waitTimeSeconds)
                        .run(o.warmup, o.duration, 0, r.pid);
                say("%s: peak: %,.0f msg/s sent, %,.0f msg/s received+deleted, errors %d; CPU cores used: server %.2f, client %.2f, others %.2f",
                        r.displayName(), r.peak.sendRate(), r.peak.deleteRate(), r.peak.stats().totalErrors(),
                        r.peak.cpu().server(), r.peak.cpu().client(), r.peak.cpu().others());

                double halfRate = r.peak.sendRate() / 2;
                if (halfRate >= 1) {
                    say("%s: half-load phase at %,.0f msg/s (%s settle + %s measured)", r.displayName(), halfRate,
                            secs(o.halfWarmup), secs(o.halfDuration));
                    r.half = new SqsWorkload(client, halfQueue, o.producers, o.consumers(), o.messageBytes, o.batchSize, o.waitTimeSeconds)
                            .run(o.halfWarmup, o.halfDuration, halfRate, r.pid);
                    say("%s: half load: %,.0f msg/s sent, SendMessageBatch p99 %.2f ms, errors %d", r.displayName(),
                            r.half.sendRate(), ms(r.half.stats().latency[SqsWorkload.SEND].valueAt(99)), r.half.stats().totalErrors());
                } else {
                    say("%s: no half-load phase: the peak phase sent nothing", r.displayName());
                }

                Thread.sleep(o.idleSettle.toMillis());
                r.rssAfterRunKib = ProcessInfo.rssKib(r.pid);
                r.peakRssKib = ProcessInfo.peakRssKib(r.pid);
                say("%s: idle RSS after the run %s (peak %s)", r.displayName(), mib(r.rssAfterRunKib), mib(r.peakRssKib));
                for (String q : List.of(peakQueue, halfQueue)) {
                    try {
                        client.deleteQueue(b -> b.queueUrl(q));
                    } catch (SdkException e) {
                        say("%s: could not delete %s: %s", r.displayName(), q, e.getMessage());
                    }
                }
                // the peak phase leaves a backlog in its queue: memory once the queues are gone, for comparison
                Thread.sleep(o.idleSettle.toMillis());
                r.rssAfterDeleteKib = ProcessInfo.rssKib(r.pid);
                say("%s: idle RSS after deleting the queues %s", r.displayName(), mib(r.rssAfterDeleteKib));
            } catch (SdkException e) {
                r.failure = "SQS call failed outside the load loops: " + e.getMessage();
                say("%s: %s", r.displayName(), r.failure);
            }
        }
        current = null;
        say("%s: done", r.displayName());
        return r;
    }

    /**
     * Runs the workload, unmeasured, against a throwaway Sluice process: the load generator's own
     * JIT compilation (the AWS SDK is a lot of code) would otherwise land in the first target's
     * measurements and none of the second's. Also primes the launcher (a rebuild if sources
     * changed, its start-up caches) like a user's earlier start would.
     */
    private static void warmUpClient(Options o, PrintWriter log) throws InterruptedException {
        if (o.clientWarmup.isZero() || o.clientWarmup.isNegative()) {
            return;
        }
        say("client warm-up: %s against a throwaway Sluice process (unmeasured)", secs(o.clientWarmup));
        ServerUnderTest.LaunchMode mode = o.sluiceLauncher != null ? ServerUnderTest.LaunchMode.LAUNCHER : ServerUnderTest.LaunchMode.SLUICE_PROCESS;
        try (ServerUnderTest server = ServerUnderTest.startSluice(mode, o.sluiceLauncher, List.of(), null, log);
             SqsClient client = client(server.endpoint(), o.threads, o.httpClient)) {
            String queue = client.createQueue(b -> b.queueName("bench-client-warm-up-" + System.currentTimeMillis())).queueUrl();
            requireLoopbackQueueUrl(queue);
            new SqsWorkload(client, queue, o.producers, o.consumers(), o.messageBytes, o.batchSize, o.waitTimeSeconds)
                    .run(Duration.ZERO, o.clientWarmup, 0, server.pid());
            o.clientWarmedUp = true;
        } catch (RuntimeException e) {
            say("client warm-up failed, going on without it: %s", e.getMessage());
        }
    }

    private static ServerUnderTest open(String target, Options o, PrintWriter log) {
        if (target.equals("sluice")) {
            if (o.sluiceEndpoint != null) {
                if (!ServerUnderTest.reachable(o.sluiceEndpoint)) {
                    throw new IllegalStateException("nothing listens at " + o.sluiceEndpoint);
                }
                return ServerUnderTest.existing(o.sluiceEndpoint, "already running (settings as it was started)");
            }
            if (o.sluiceLauncher == null) {
                return ServerUnderTest.startSluice(ServerUnderTest.LaunchMode.SLUICE_PROCESS, null, o.sluiceArgs, o.sluiceJfr, log);
            }
            // A first start and stop, unmeasured: the launcher rebuilds here if it has to and keeps its
            // start-up caches (bin/sluice writes an ahead-of-time class cache on a clean exit), so the
            // measured server starts the way it does for a user on every start after the first.
            if (!o.clientWarmedUp) {
                say("Sluice: priming start and stop (unmeasured)");
                ServerUnderTest.startSluice(ServerUnderTest.LaunchMode.LAUNCHER, o.sluiceLauncher, o.sluiceArgs, null, log).close();
            }
            return ServerUnderTest.startSluice(ServerUnderTest.LaunchMode.LAUNCHER, o.sluiceLauncher, o.sluiceArgs, o.sluiceJfr, log);
        }
        if (ServerUnderTest.reachable(o.elasticmqEndpoint)) {
            return ServerUnderTest.existing(o.elasticmqEndpoint, "already running");
        }
        if (o.peerScript == null || !Files.isRegularFile(o.peerScript)) {
            throw new IllegalStateException("ElasticMQ is not running at " + o.elasticmqEndpoint
                    + "; start it with peer.sh start elasticmq, or pass --peer-script");
        }
        return ServerUnderTest.startPeer(o.peerScript, "elasticmq", o.elasticmqEndpoint, log);
    }

    /**
     * The AWS SDK v2 sync client on the Apache HTTP client (4.x by default, as the workload is
     * specified; 5.x with {@code --http-client apache5}): a pool of at least N connections, no retries.
     */
    static SqsClient client(URI endpoint, int threads, String httpClient) {
        SdkHttpClient.Builder<?> http = httpClient.equals("apache5")
                ? Apache5HttpClient.builder()
                        .maxConnections(threads + 2)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30))
                : apache4(threads);
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @SuppressWarnings("deprecation") // Apache HttpClient 4.x: deprecated by the SDK, still the client this workload names
    private static SdkHttpClient.Builder<?> apache4(int threads) {
        return software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                .maxConnections(threads + 2)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionAcquisitionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30));
    }

    private static void requireLoopbackQueueUrl(String queueUrl) {
        ServerUnderTest.requireLoopback(URI.create(queueUrl));
    }

    static void say(String format, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    static String secs(Duration d) {
        return String.format(Locale.ROOT, "%.0f s", d.toMillis() / 1000.0);
    }

    static String mib(OptionalLong kib) {
        return kib.isPresent() ? String.format(Locale.ROOT, "%.0f MiB", kib.getAsLong() / 1024.0) : "n/a";
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
