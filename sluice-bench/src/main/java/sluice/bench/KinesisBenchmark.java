package sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis benchmark behind {@code bin/bench-kinesis}: per target (Sluice started here with
 * bin/sluice and its default settings, then kinesalite and kinesis-mock started with the shared
 * peer.sh when not running) and per record size, a 4-shard stream gets PutRecords of 500 records
 * from N threads, then is read back with GetRecords, one reader per shard; then the put → event
 * latency of SubscribeToShard where the target serves it. Writes its section of
 * docs/benchmarks.md between the kinesis markers. Only 127.0.0.1.
 */
public final class KinesisBenchmark {
    static final String BEGIN = "<!-- sluice-bench:kinesis:begin -->";
    static final String END = "<!-- sluice-bench:kinesis:end -->";
    /** kinesalite is unmaintained and speaks JSON 1.1 only: its CBOR breaks on large replies. */
    static final List<String> JSON_ONLY = List.of("kinesalite");

    static final class Options {
        int threads = 8;
        int shards = 4;
        int batch = 500;
        List<Integer> recordSizes = List.of(100, 10_240);
        int warmupSeconds = 5;
        int durationSeconds = 20;
        int subscribeSeconds = 10;
        int subscribeRate = 100;
        List<String> targets = List.of("sluice", "kinesalite", "kinesis-mock");
        Path sluiceLauncher = Path.of("bin/sluice");
        URI sluiceEndpoint;
        List<String> sluiceArgs = List.of();
        String sluiceJfr;
        Path peerScript;
        Map<String, URI> peerEndpoints = new LinkedHashMap<>(Map.of(
                "kinesalite", URI.create("http://127.0.0.1:4567"),
                "kinesis-mock", URI.create("http://127.0.0.1:4568")));
        Path output;
        String note;
    }

    /** One target and record size. */
    record Run(String target, int recordBytes, String protocol, KinesisWorkload.Phase put, KinesisWorkload.Phase read,
               long recordsPut, double putCpuMicros, double readCpuMicros) {
    }

    /** Server CPU microseconds per record over a phase, or NaN when the server's process is unknown. */
    private static double cpuMicrosPerRecord(long pid, long cpuBefore, long records) {
        long cpuAfter = ProcessInfo.cpuNanos(pid);
        return cpuBefore < 0 || cpuAfter < 0 || records <= 0 ? Double.NaN : (cpuAfter - cpuBefore) / 1e3 / records;
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (o == null) {
            return;
        }
        MachineInfo machine = MachineInfo.read();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Run> runs = new ArrayList<>();
        Map<String, String> how = new LinkedHashMap<>();
        Map<String, SubscribeLatency.Result> latencies = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (String target : o.targets) {
            say("%s: starting", target);
            try (ServerUnderTest server = start(target, o)) {
                how.put(target, server.description());
                say("%s: at %s", target, server.endpoint());
                Thread.sleep(3000); // let start-up work (key generation, JIT, an empty store's compaction) settle
                runTarget(target, server.endpoint(), server.pid(), o, runs, latencies);
            } catch (RuntimeException e) {
                failures.add(target + ": " + FifoBenchmark.firstLine(String.valueOf(e.getMessage())));
                say("%s: failed: %s", target, e);
            }
        }
        String section = KinesisReport.render(o, machine, started, FifoBenchmark.loadAverage(), how, runs, latencies, failures);
        System.out.println(section);
        if (o.output != null) {
            writeSection(o.output, section);
            say("wrote the kinesis section of %s", o.output);
        }
    }

    private static void runTarget(String target, URI endpoint, long pid, Options o, List<Run> runs,
                                  Map<String, SubscribeLatency.Result> latencies) throws InterruptedException {
        boolean json = JSON_ONLY.contains(target);
        try (KinesisClient client = client(endpoint, o.threads + o.shards, json)) {
            for (int size : o.recordSizes) {
                String stream = "bench-" + size + "-" + Long.toString(System.currentTimeMillis(), 36);
                createStream(client, stream, o.shards);
                KinesisWorkload w = new KinesisWorkload(client, stream, o.threads, o.batch, size);
                AtomicLong recordsPut = new AtomicLong();
                say("%s, %d B: put phase, %d s warm-up + %d s measured, %d threads", target, size, o.warmupSeconds, o.durationSeconds, o.threads);
                long cpu = ProcessInfo.cpuNanos(pid);
                KinesisWorkload.Phase put = w.put(Duration.ofSeconds(o.warmupSeconds), Duration.ofSeconds(o.durationSeconds), recordsPut);
                double putCpu = cpuMicrosPerRecord(pid, cpu, recordsPut.get());
                say("%s, %d B: put %,.0f records/s, %.1f MB/s, PutRecords p50 %.1f ms p99 %.1f ms, errors %d%s", target, size,
                        put.recordsPerSecond(), put.megabytesPerSecond(), put.latency().valueAt(50) / 1e6, put.latency().valueAt(99) / 1e6,
                        put.errors(), put.firstError() == null ? "" : " (" + FifoBenchmark.firstLine(put.firstError()) + ")");
                cpu = ProcessInfo.cpuNanos(pid);
                KinesisWorkload.Phase read = w.readAll(Duration.ofSeconds(Math.max(60, 3L * (o.warmupSeconds + o.durationSeconds))));
                double readCpu = cpuMicrosPerRecord(pid, cpu, read.records());
                say("%s, %d B: read %,d of %,d records, %,.0f records/s, %.1f MB/s, GetRecords p50 %.1f ms p99 %.1f ms, errors %d", target, size,
                        read.records(), recordsPut.get(), read.recordsPerSecond(), read.megabytesPerSecond(),
                        read.latency().valueAt(50) / 1e6, read.latency().valueAt(99) / 1e6, read.errors());
                runs.add(new Run(target, size, json ? "JSON 1.1" : "CBOR", put, read, recordsPut.get(), putCpu, readCpu));
                deleteStream(client, stream);
            }
            if (o.subscribeSeconds > 0) {
                latencies.put(target, putToEventLatency(target, endpoint, client, o));
            }
        }
    }

    /** The put → SubscribeToShard event phase; a target that does not serve SubscribeToShard gets its failure reported. */
    private static SubscribeLatency.Result putToEventLatency(String target, URI endpoint, KinesisClient client, Options o)
            throws InterruptedException {
        String stream = "bench-subscribe-" + Long.toString(System.currentTimeMillis(), 36);
        try (KinesisAsyncClient async = asyncClient(endpoint)) {
            createStream(client, stream, o.shards);
            say("%s: put → SubscribeToShard event latency, %d records/s for %d s", target, o.subscribeRate, o.subscribeSeconds);
            SubscribeLatency.Result r = SubscribeLatency.measurePutToEventLatency(client, async, stream,
                    Duration.ofSeconds(o.subscribeSeconds), o.subscribeRate);
            say("%s: %s", target, r.failure() != null ? r.failure() : String.format(Locale.ROOT, "%d of %d events, p50 %.2f ms, p99 %.2f ms",
                    r.received(), r.put(), r.latency().valueAt(50) / 1e6, r.latency().valueAt(99) / 1e6));
            return r;
        } catch (RuntimeException e) {
            say("%s: SubscribeToShard phase failed: %s", target, e);
            return new SubscribeLatency.Result(new LatencyHistogram(), 0, 0, FifoBenchmark.firstLine(String.valueOf(e.getMessage())));
        } finally {
            deleteStream(client, stream);
        }
    }

    private static void createStream(KinesisClient client, String stream, int shards) throws InterruptedException {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("stream " + stream + " did not become ACTIVE in 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static void deleteStream(KinesisClient client, String stream) {
        try {
            client.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        } catch (RuntimeException e) {
            say("DeleteStream %s: %s", stream, FifoBenchmark.firstLine(e.getMessage()));
        }
    }

    private static ServerUnderTest start(String target, Options o) {
        if (target.equals("sluice") && o.sluiceEndpoint != null) {
            return ServerUnderTest.existing(o.sluiceEndpoint, "already running at " + o.sluiceEndpoint + " (settings as it was started)");
        }
        if (target.equals("sluice")) {
            return ServerUnderTest.startSluice(ServerUnderTest.LaunchMode.LAUNCHER, o.sluiceLauncher, o.sluiceArgs, o.sluiceJfr, null);
        }
        URI endpoint = o.peerEndpoints.get(target);
        if (endpoint == null) {
            throw new IllegalArgumentException("unknown target " + target + " (sluice, kinesalite, kinesis-mock)");
        }
        if (ServerUnderTest.reachable(endpoint)) {
            return ServerUnderTest.existing(endpoint, target + " already running at " + endpoint);
        }
        if (o.peerScript == null) {
            throw new IllegalStateException(target + " is not running at " + endpoint + " and no --peer-script was given");
        }
        return ServerUnderTest.startPeer(o.peerScript, target, endpoint, null);
    }

    /**
     * The AWS SDK v2 sync client on the Apache HTTP client, no retries; CBOR unless {@code json}
     * (the SDK reads {@code aws.cborEnabled} when the client is built, so it is set only around the build).
     */
    static KinesisClient client(URI endpoint, int connections, boolean json) {
        String before = System.getProperty("aws.cborEnabled");
        if (json) {
            System.setProperty("aws.cborEnabled", "false");
        }
        try {
            @SuppressWarnings("deprecation") // Apache HttpClient 4.x, the client the SQS benchmarks use too
            var http = software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                    .maxConnections(connections + 2)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .connectionAcquisitionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60));
            return KinesisClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials())
                    .httpClientBuilder(http)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        } finally {
            if (before == null) {
                System.clearProperty("aws.cborEnabled");
            } else {
                System.setProperty("aws.cborEnabled", before);
            }
        }
    }

    /** The async client on Netty: HTTP/2 (h2c with prior knowledge on an http endpoint), as SubscribeToShard needs. */
    static KinesisAsyncClient asyncClient(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("""
                        usage: bin/bench-kinesis [options]
                          --threads N             producer threads (default 8)
                          --shards N              shards of each stream (default 4; one reader each)
                          --record-sizes A,B      record data sizes in bytes (default 100,10240); PutRecords of 500
                          --warmup S              unmeasured put seconds first (default 5)
                          --duration S            measured put seconds (default 20)
                          --subscribe-seconds S   put -> SubscribeToShard event phase (default 10; 0 = off)
                          --subscribe-rate N      records/s put during that phase (default 100)
                          --targets a,b           sluice,kinesalite,kinesis-mock (default all three)
                          --sluice-launcher PATH  bin/sluice
                          --sluice-endpoint URL   use this already running Sluice instead of starting one
                          --sluice-args "ARGS"    extra flags for the started server (default none: rocksdb, fsync)
                          --sluice-jfr FILE       record a JFR profile of the started server
                          --peer-script PATH      peer.sh used to start a peer when it is not running
                          --note TEXT             a caveat printed at the top of the section (e.g. a smoke run)
                          --output FILE           markdown file whose kinesis section is rewritten""");
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--threads" -> o.threads = Integer.parseInt(v);
                case "--shards" -> o.shards = Integer.parseInt(v);
                case "--record-sizes" -> o.recordSizes = List.of(v.split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
                case "--warmup" -> o.warmupSeconds = Integer.parseInt(v);
                case "--duration" -> o.durationSeconds = Integer.parseInt(v);
                case "--subscribe-seconds" -> o.subscribeSeconds = Integer.parseInt(v);
                case "--subscribe-rate" -> o.subscribeRate = Integer.parseInt(v);
                case "--targets" -> o.targets = List.of(v.split(","));
                case "--sluice-launcher" -> o.sluiceLauncher = Path.of(v);
                case "--sluice-endpoint" -> o.sluiceEndpoint = URI.create(v);
                case "--sluice-args" -> o.sluiceArgs = List.of(v.trim().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
                case "--sluice-jfr" -> o.sluiceJfr = Path.of(v).toAbsolutePath().toString();
                case "--peer-script" -> o.peerScript = Path.of(v);
                case "--note" -> o.note = v;
                case "--output" -> o.output = v.equals("-") ? null : Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        if (o.threads < 1 || o.shards < 1 || o.warmupSeconds < 0 || o.durationSeconds <= 0 || o.durationSeconds > 600
                || o.subscribeSeconds < 0 || o.subscribeRate < 1) {
            throw new IllegalArgumentException("threads and shards must be positive, warm-up 0..600 s, duration 1..600 s");
        }
        for (int size : o.recordSizes) {
            // AWS's PutRecords limit: 5 MiB of data and partition keys (ours are at most 16 characters)
            if (size < 1 || (long) (size + 16) * o.batch > 5L * 1024 * 1024) {
                throw new IllegalArgumentException("record size " + size + ": PutRecords of " + o.batch + " must stay within 5 MiB");
            }
        }
        o.peerEndpoints.values().forEach(ServerUnderTest::requireLoopback);
        if (o.sluiceEndpoint != null) {
            ServerUnderTest.requireLoopback(o.sluiceEndpoint);
        }
        return o;
    }

    /** Replaces what is between the kinesis markers, appending the markers at the end when absent. */
    static void writeSection(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String block = BEGIN + "\n" + section + "\n" + END;
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        String updated = b >= 0 && e > b
                ? text.substring(0, b) + block + text.substring(e + END.length())
                : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    static void say(String format, Object... args) {
        System.err.println("bench-kinesis: " + String.format(Locale.ROOT, format, args));
    }
}
