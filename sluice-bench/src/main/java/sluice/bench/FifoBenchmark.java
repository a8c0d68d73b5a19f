package sluice.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The FIFO benchmark: one FIFO queue (explicit deduplication ids, 100 message groups), producers
 * sending SendMessageBatch, consumers ReceiveMessage + DeleteMessageBatch verifying per-group order;
 * run in FifoThroughputLimit=perQueue mode and in high-throughput mode against Sluice (bin/sluice,
 * default settings: RocksDB, fsync, fresh temp data directory) and ElasticMQ, one at a time. Writes
 * its section of docs/benchmarks.md between the fifo markers and prints it. Only 127.0.0.1.
 */
public final class FifoBenchmark {
    static final String BEGIN = "<!-- sluice-bench:fifo:begin -->";
    static final String END = "<!-- sluice-bench:fifo:end -->";
    static final double BAR = 3000;

    static final class Options {
        int threads = 8;
        int producers = 3;
        int consumers = 5;
        boolean splitGiven;
        int groups = 100;
        int messageBytes = 100;
        int batchSize = 10;
        int waitTimeSeconds = 1;
        int warmupSeconds = 5;
        int durationSeconds = 20;
        List<String> targets = List.of("sluice", "elasticmq");
        Path sluiceLauncher = Path.of("bin/sluice");
        Path peerScript;
        URI elasticmqEndpoint = URI.create("http://127.0.0.1:9324");
        Path output;
    }

    record Mode(String label, Map<String, String> attributes) {
    }

    record Result(String target, String mode, String attributesNote, double sentPerSec, double deletedPerSec,
                  double receivedPerSec, long sent, long received, long deleted, long emptyReceives,
                  long sendErrors, long receiveErrors, long deleteErrors, long violations, long redeliveries,
                  long badBodies, long backlog, LatencyHistogram send, LatencyHistogram receive,
                  LatencyHistogram delete, double seconds, List<String> samples) {
        long errors() {
            return sendErrors + receiveErrors + deleteErrors + badBodies;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (o == null) {
            return;
        }
        MachineInfo machine = MachineInfo.read();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Mode> modes = List.of(
                new Mode("perQueue", Map.of("DeduplicationScope", "queue", "FifoThroughputLimit", "perQueue")),
                new Mode("high throughput", Map.of("DeduplicationScope", "messageGroup", "FifoThroughputLimit", "perMessageGroupId")));
        List<Result> results = new ArrayList<>();
        Map<String, String> how = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (String target : o.targets) {
            say("%s: starting", target);
            try (ServerUnderTest server = start(target, o)) {
                how.put(target, server.description());
                say("%s: at %s", target, server.endpoint());
                try (SqsClient client = client(server.endpoint(), o.threads)) {
                    for (Mode mode : modes) {
                        say("%s, %s: %d s warm-up + %d s measured, %d producers, %d consumers", target, mode.label(),
                                o.warmupSeconds, o.durationSeconds, o.producers, o.consumers);
                        Result r = runOne(client, target, mode, o);
                        results.add(r);
                        say("%s, %s: sent %.0f msg/s, received+deleted %.0f msg/s, errors %d, order violations %d",
                                target, mode.label(), r.sentPerSec(), r.deletedPerSec(), r.errors(), r.violations());
                    }
                }
            } catch (RuntimeException e) {
                failures.add(target + ": " + e.getMessage());
                say("%s: failed: %s", target, e);
            }
        }
        String loadAfter = loadAverage();
        String section = render(o, machine, started, how, results, failures, loadAfter);
        System.out.println(section);
        if (o.output != null) {
            writeSection(o.output, section);
            say("wrote the FIFO section of %s", o.output);
        }
    }

    private static ServerUnderTest start(String target, Options o) {
        switch (target) {
            case "sluice":
                return ServerUnderTest.startSluice(ServerUnderTest.LaunchMode.LAUNCHER, o.sluiceLauncher, List.of(), null, null);
            case "elasticmq":
                if (ServerUnderTest.reachable(o.elasticmqEndpoint)) {
                    return ServerUnderTest.existing(o.elasticmqEndpoint, "ElasticMQ already running at " + o.elasticmqEndpoint);
                }
                if (o.peerScript == null) {
                    throw new IllegalStateException("ElasticMQ is not running at " + o.elasticmqEndpoint + " and no --peer-script was given");
                }
                return ServerUnderTest.startPeer(o.peerScript, "elasticmq", o.elasticmqEndpoint, null);
            default:
                throw new IllegalArgumentException("unknown target " + target);
        }
    }

    private static Result runOne(SqsClient client, String target, Mode mode, Options o) throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        String name = "bench-fifo-" + (mode.label().startsWith("per") ? "pq" : "ht") + "-" + runId + ".fifo";
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("FifoQueue", "true");
        attrs.put("ContentBasedDeduplication", "false");
        attrs.putAll(mode.attributes());
        String note = "";
        String queueUrl;
        try {
            queueUrl = client.createQueue(CreateQueueRequest.builder().queueName(name).attributesWithStrings(attrs).build()).queueUrl();
        } catch (RuntimeException e) {
            note = "CreateQueue rejected " + mode.attributes() + " (" + firstLine(e.getMessage()) + "); ran without them";
            say("%s: %s", target, note);
            queueUrl = client.createQueue(CreateQueueRequest.builder().queueName(name)
                    .attributesWithStrings(Map.of("FifoQueue", "true", "ContentBasedDeduplication", "false")).build()).queueUrl();
        }
        ServerUnderTest.requireLoopback(URI.create(queueUrl));
        if (note.isEmpty()) {
            try {
                Map<String, String> got = client.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(queueUrl)
                        .attributeNamesWithStrings("All").build()).attributesAsStrings();
                List<String> missing = new ArrayList<>();
                mode.attributes().forEach((k, v) -> {
                    if (!v.equals(got.get(k))) {
                        missing.add(k + "=" + got.getOrDefault(k, "(absent)"));
                    }
                });
                if (!missing.isEmpty()) {
                    note = "CreateQueue accepted the mode attributes but GetQueueAttributes reports " + String.join(", ", missing)
                            + ", so the mode is not distinguished by this server";
                }
            } catch (RuntimeException e) {
                note = "GetQueueAttributes failed: " + firstLine(e.getMessage());
            }
        }
        FifoWorkload w = new FifoWorkload(client, queueUrl, o.producers, o.consumers, o.groups, o.messageBytes,
                o.batchSize, o.waitTimeSeconds, runId);
        long nanos = w.run(o.warmupSeconds * 1000L, o.durationSeconds * 1000L);
        double secs = nanos / 1e9;
        long backlog = w.totalSent.get() - w.totalDeleted.get();
        try {
            client.deleteQueue(DeleteQueueRequest.builder().queueUrl(queueUrl).build());
        } catch (RuntimeException e) {
            say("%s: DeleteQueue: %s", target, e);
        }
        List<String> samples = new ArrayList<>(w.violationSamples);
        samples.addAll(w.errorSamples);
        return new Result(target, mode.label(), note, w.sent.get() / secs, w.deleted.get() / secs, w.received.get() / secs,
                w.sent.get(), w.received.get(), w.deleted.get(), w.emptyReceives.get(),
                w.sendErrors.get(), w.receiveErrors.get(), w.deleteErrors.get(), w.violations.get(), w.redeliveries.get(),
                w.badBodies.get(), backlog, w.sendLatency, w.receiveLatency, w.deleteLatency, secs, samples);
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String render(Options o, MachineInfo m, String started, Map<String, String> how, List<Result> results, List<String> failures,
                         String loadAfter) {
        StringWriter sw = new StringWriter();
        PrintWriter p = new PrintWriter(sw);
        p.println("## FIFO queue benchmark (`bin/bench-fifo`)");
        p.println();
        p.println("Written by `sluice.bench.FifoBenchmark` on " + started + ". Everything between the fifo markers is regenerated by each run.");
        p.println();
        p.println("**Machine:** " + m.processors() + " CPUs (" + m.cpuModel() + "), " + m.memory() + " RAM, " + m.os()
                + ", Linux " + m.kernel() + ", " + m.jdk() + ", temp dir " + m.tempFilesystem() + ", load average before the run "
                + m.loadAverage() + ", after it " + loadAfter + ", revision " + m.revision() + ".");
        double load1 = 0;
        try {
            load1 = Math.max(Double.parseDouble(m.loadAverage().split(" ")[0]), Double.parseDouble(loadAfter.split(" ")[0]));
        } catch (RuntimeException ignored) {
            // unknown
        }
        if (load1 > m.processors()) {
            p.println();
            p.printf(Locale.ROOT, "*The machine was busy with other work during this run (1-minute load average up to %.1f on %d CPUs): "
                    + "the figures are lower, and vary more, than they would on an idle machine.*%n", load1, m.processors());
        }
        p.println();
        p.println("**Workload:** one FIFO queue per run (`.fifo`, FifoQueue=true, ContentBasedDeduplication=false, an explicit MessageDeduplicationId unique per message), "
                + o.groups + " message groups. " + o.producers + " producer threads send SendMessageBatch of " + o.batchSize + " × "
                + o.messageBytes + "-byte messages, each batch to one group, round-robin over the producer's own disjoint set of groups "
                + "(group g belongs to producer g mod " + o.producers + "); each body carries its group and a per-group counter; a failed batch is resent "
                + "with the same deduplication ids. " + o.consumers + " consumer threads ReceiveMessage (MaxNumberOfMessages 10, WaitTimeSeconds "
                + o.waitTimeSeconds + ") and DeleteMessageBatch, and verify per-group order before deleting: each group's counters must arrive strictly "
                + "increasing by one, a redelivery being allowed only when it restarts at the next expected counter (the first not yet deleted); "
                + "anything else counts as an order violation. " + o.threads + " client threads, AWS SDK v2 sync client on the Apache HTTP client, "
                + "no SDK retries. " + o.warmupSeconds + " s warm-up, then " + o.durationSeconds + " s measured; producers are not throttled. "
                + "Two runs per target: **perQueue** (DeduplicationScope=queue, FifoThroughputLimit=perQueue) and **high throughput** "
                + "(DeduplicationScope=messageGroup, FifoThroughputLimit=perMessageGroupId). Targets one at a time, only 127.0.0.1.");
        p.println();
        p.println("**Targets:**");
        how.forEach((t, d) -> p.println("- " + label(t) + ": `" + d + "`" + (t.equals("sluice") ? " — default settings: RocksDB engine, fsync durability." : "")));
        p.println();
        p.println("| Target | Mode | Sent msg/s | Received+deleted msg/s (end to end) | SendMessageBatch p50 / p99 | ReceiveMessage p50 / p99 | DeleteMessageBatch p50 / p99 | Errors | Order violations | Redeliveries | Backlog at end |");
        p.println("|---|---|---:|---:|---|---|---|---:|---:|---:|---:|");
        for (Result r : results) {
            p.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %s | %s | %s | %d | %d | %d | %,d |%n", label(r.target()), r.mode(),
                    r.sentPerSec(), r.deletedPerSec(), pct(r.send()), pct(r.receive()), pct(r.delete()),
                    r.errors(), r.violations(), r.redeliveries(), r.backlog());
        }
        p.println();
        p.println("Rates count what completed inside the measured window divided by its length; latencies are per call over the measured window. "
                + "Errors = failed calls or failed batch entries (send, receive, delete) plus unparseable bodies. Backlog = messages sent but not deleted when the run stopped (whole run).");
        boolean notes = results.stream().anyMatch(r -> !r.attributesNote().isEmpty() || !r.samples().isEmpty()) || !failures.isEmpty();
        if (notes) {
            p.println();
        }
        for (Result r : results) {
            if (!r.attributesNote().isEmpty()) {
                p.println("- " + label(r.target()) + ", " + r.mode() + ": " + r.attributesNote() + ".");
            }
            if (!r.samples().isEmpty()) {
                p.println("- " + label(r.target()) + ", " + r.mode() + " samples: " + String.join("; ", r.samples().stream().map(FifoBenchmark::firstLine).toList()));
            }
        }
        for (String f : failures) {
            p.println("- Failed: " + f);
        }
        p.println();
        p.println("**Bar:** a single FIFO queue sustains at least 3,000 msg/s end to end with order verified, fsync durability (Sluice only; ElasticMQ keeps messages in memory and is shown for comparison).");
        p.println();
        p.println("| Sluice mode | Received+deleted msg/s | Order violations | Errors | Met |");
        p.println("|---|---:|---:|---:|---|");
        boolean any = false;
        for (Result r : results) {
            if (!r.target().equals("sluice")) {
                continue;
            }
            boolean met = r.deletedPerSec() >= BAR && r.violations() == 0 && r.errors() == 0 && r.attributesNote().isEmpty();
            any |= met;
            p.printf(Locale.ROOT, "| %s | %,.0f | %d | %d | **%s** |%n", r.mode(), r.deletedPerSec(), r.violations(), r.errors(), met ? "yes" : "no");
        }
        p.println();
        p.println("Bar met: **" + (any ? "yes" : "no") + "**" + (any ? " (in at least one FIFO mode, see the table)." : "."));
        p.flush();
        return sw.toString().stripTrailing();
    }

    static String label(String target) {
        return target.equals("sluice") ? "Sluice" : target.equals("elasticmq") ? "ElasticMQ" : target;
    }

    static String pct(LatencyHistogram h) {
        if (h.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f ms", h.valueAt(50) / 1e6, h.valueAt(99) / 1e6);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Replaces what is between the fifo markers, appending the markers at the end when absent. */
    static void writeSection(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String block = BEGIN + "\n" + section + "\n" + END;
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        String updated;
        if (b >= 0 && e > b) {
            updated = text.substring(0, b) + block + text.substring(e + END.length());
        } else {
            updated = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    static SqsClient client(URI endpoint, int threads) {
        @SuppressWarnings("deprecation")
        SdkHttpClient.Builder<?> http = software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                .maxConnections(threads + 2)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionAcquisitionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30));
        RetryStrategy none = AwsRetryStrategy.doNotRetry();
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(http)
                .overrideConfiguration(c -> c.retryStrategy(none))
                .build();
    }

    static Options parse(String[] args) {
        Options o = new Options();
        boolean threadsGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("""
                        usage: bin/bench-fifo [options]
                          --threads N             client threads (default 8: 3 producers + 5 consumers)
                          --producers N           producer threads (default 3, or threads*3/8)
                          --consumers N           consumer threads (default threads - producers)
                          --groups N              message groups (default 100)
                          --warmup S              warm-up seconds (default 5)
                          --duration S            measured seconds (default 20)
                          --targets a,b           sluice,elasticmq (default both)
                          --sluice-launcher PATH  bin/sluice
                          --peer-script PATH      peer.sh used to start ElasticMQ when it is not running
                          --elasticmq-endpoint U  default http://127.0.0.1:9324
                          --output FILE           markdown file whose fifo section is rewritten""");
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--threads" -> { o.threads = Integer.parseInt(v); threadsGiven = true; }
                case "--producers" -> { o.producers = Integer.parseInt(v); o.splitGiven = true; }
                case "--consumers" -> o.consumers = Integer.parseInt(v);
                case "--groups" -> o.groups = Integer.parseInt(v);
                case "--warmup" -> o.warmupSeconds = Integer.parseInt(v);
                case "--duration" -> o.durationSeconds = Integer.parseInt(v);
                case "--targets" -> o.targets = List.of(v.split(","));
                case "--sluice-launcher" -> o.sluiceLauncher = Path.of(v);
                case "--peer-script" -> o.peerScript = Path.of(v);
                case "--elasticmq-endpoint" -> o.elasticmqEndpoint = URI.create(v);
                case "--output" -> o.output = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        if (threadsGiven && !o.splitGiven) {
            o.producers = Math.max(1, Math.round(o.threads * 3 / 8f));
        }
        boolean consumersGiven = List.of(args).contains("--consumers");
        if (!consumersGiven) {
            o.consumers = Math.max(1, o.threads - o.producers);
        }
        o.threads = o.producers + o.consumers;
        if (o.warmupSeconds < 0 || o.durationSeconds <= 0 || o.durationSeconds > 600 || o.warmupSeconds > 600) {
            throw new IllegalArgumentException("warm-up and duration must be within 0..600 s");
        }
        ServerUnderTest.requireLoopback(o.elasticmqEndpoint);
        return o;
    }

    static void say(String format, Object... args) {
        System.err.println("bench-fifo: " + String.format(Locale.ROOT, format, args));
    }
}
