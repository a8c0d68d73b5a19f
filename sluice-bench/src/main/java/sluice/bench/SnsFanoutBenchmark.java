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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SNS fan-out benchmark: one standard topic fanned out to 10 standard queues (each queue's
 * Policy lets the topic send, as AWS requires); publisher threads Publish or PublishBatch of 10,
 * consumers long-poll each queue, receive up to 10 and batch-delete; measured: publishes/s,
 * deliveries/s received end to end, publish→receive latency, server CPU and RSS. Runs against Sluice
 * only (started with bin/sluice, default settings: RocksDB, fsync; or one already running): no
 * SNS peer with in-process fan-out to SQS exists to compare with. Writes its section of
 * docs/benchmarks.md between the sns markers. Only 127.0.0.1.
 */
public final class SnsFanoutBenchmark {
    static final String BEGIN = "<!-- sluice-bench:sns:begin -->";
    static final String END = "<!-- sluice-bench:sns:end -->";
    static final double PUBLISH_BAR = 2000;
    static final double DELIVERY_BAR = 20000;

    static final class Options {
        int publishers = 4;
        int queues = 10;
        int consumersPerQueue = 1;
        int messageBytes = 100;
        int waitTimeSeconds = 1;
        int warmupSeconds = 5;
        int durationSeconds = 20;
        int serverWarmupSeconds = 10;
        List<String> modes = List.of("publish", "batch");
        List<String> deliveries = List.of("envelope", "raw");
        Path sluiceLauncher = Path.of("bin/sluice");
        URI sluiceEndpoint;
        String sluiceJfr;
        Path output;
        String note = "";
    }

    record Run(String mode, String delivery, SnsFanoutWorkload.Result result, long backlog, String failure) {
        int batchSize() {
            return mode.equals("batch") ? 10 : 1;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (o == null) {
            return;
        }
        MachineInfo machine = MachineInfo.read();
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Run> runs = new ArrayList<>();
        String how;
        OptionalLong rssIdle;
        OptionalLong rssAfter;
        OptionalLong rssPeak;
        try (ServerUnderTest server = start(o)) {
            how = server.description();
            say("Sluice at %s", server.endpoint());
            sleep(3000);
            rssIdle = ProcessInfo.rssKib(server.pid());
            try (SnsClient sns = snsClient(server.endpoint(), o.publishers);
                 SqsClient sqs = FifoBenchmark.client(server.endpoint(), o.queues * o.consumersPerQueue)) {
                if (o.serverWarmupSeconds > 0) {
                    // not measured: the server's (and the client's) JIT compiles the paths every run takes
                    say("warming up: %d s of PublishBatch with envelope delivery, not measured", o.serverWarmupSeconds);
                    runOne(sns, sqs, "batch", "envelope", o, server.pid(), 0, o.serverWarmupSeconds);
                }
                for (String delivery : o.deliveries) {
                    for (String mode : o.modes) {
                        say("%s, %s delivery: %d s warm-up + %d s measured, %d publishers, %d queues × %d consumers", mode, delivery,
                                o.warmupSeconds, o.durationSeconds, o.publishers, o.queues, o.consumersPerQueue);
                        Run r = runOne(sns, sqs, mode, delivery, o, server.pid(), o.warmupSeconds, o.durationSeconds);
                        runs.add(r);
                        if (r.failure() != null) {
                            say("%s, %s: failed: %s", mode, delivery, r.failure());
                        } else {
                            say("%s, %s: %.0f publishes/s, %.0f deliveries/s received, p50/p99 publish→receive %s, errors %d", mode,
                                    delivery, r.result().publishRate(), r.result().receiveRate(), ms(r.result().stats().endToEnd),
                                    r.result().stats().errors());
                        }
                    }
                }
            }
            sleep(3000);
            rssAfter = ProcessInfo.rssKib(server.pid());
            rssPeak = ProcessInfo.peakRssKib(server.pid());
        }
        String section = SnsFanoutReport.render(o, machine, started, how, runs, rssIdle, rssAfter, rssPeak,
                FifoBenchmark.loadAverage());
        System.out.println(section);
        if (o.output != null) {
            writeSection(o.output, section);
            say("wrote the SNS section of %s", o.output);
        }
    }

    private static ServerUnderTest start(Options o) {
        if (o.sluiceEndpoint != null) {
            if (!ServerUnderTest.reachable(o.sluiceEndpoint)) {
                throw new IllegalStateException("nothing listens at " + o.sluiceEndpoint);
            }
            return ServerUnderTest.existing(o.sluiceEndpoint, "already running at " + o.sluiceEndpoint + " (settings as it was started)");
        }
        return ServerUnderTest.startSluice(ServerUnderTest.LaunchMode.LAUNCHER, o.sluiceLauncher, List.of(), o.sluiceJfr, null);
    }

    private static Run runOne(SnsClient sns, SqsClient sqs, String mode, String delivery, Options o, long pid,
                              int warmupSeconds, int durationSeconds) throws InterruptedException {
        String id = Long.toString(System.currentTimeMillis(), 36);
        String topicArn = null;
        List<String> queueUrls = new ArrayList<>();
        try {
            topicArn = sns.createTopic(b -> b.name("bench-fanout-" + id)).topicArn();
            for (int i = 0; i < o.queues; i++) {
                String url = sqs.createQueue(b -> b.queueName("bench-fanout-" + id + "-q" + queueUrls.size())).queueUrl();
                ServerUnderTest.requireLoopback(URI.create(url));
                queueUrls.add(url);
                String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                String topic = topicArn;
                sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, policy(queueArn, topic))));
                sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn).returnSubscriptionArn(true)
                        .attributes(Map.of("RawMessageDelivery", Boolean.toString(delivery.equals("raw")))));
            }
            SnsFanoutWorkload w = new SnsFanoutWorkload(sns, sqs, topicArn, queueUrls, o.publishers, o.consumersPerQueue,
                    mode.equals("batch") ? 10 : 1, o.messageBytes, o.waitTimeSeconds);
            SnsFanoutWorkload.Result result = w.run(warmupSeconds * 1000L, durationSeconds * 1000L, pid);
            long left = 0;
            for (String url : queueUrls) {
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                left += Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                        + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
            }
            return new Run(mode, delivery, result, left, null);
        } catch (RuntimeException e) {
            return new Run(mode, delivery, null, -1, e.toString());
        } finally {
            cleanUp(sns, sqs, topicArn, queueUrls);
        }
    }

    /** A queue policy allowing the topic (and only it) to send, as AWS's fan-out guide writes it. */
    static String policy(String queueArn, String topicArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\""
                + topicArn + "\"}}}]}";
    }

    private static void cleanUp(SnsClient sns, SqsClient sqs, String topicArn, List<String> queueUrls) {
        try {
            if (topicArn != null) {
                String arn = topicArn;
                sns.deleteTopic(b -> b.topicArn(arn));
            }
            for (String url : queueUrls) {
                sqs.deleteQueue(b -> b.queueUrl(url));
            }
        } catch (RuntimeException e) {
            say("cleaning up: %s", e);
        }
    }

    static SnsClient snsClient(URI endpoint, int threads) {
        @SuppressWarnings("deprecation")
        SdkHttpClient.Builder<?> http = software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                .maxConnections(threads + 2)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionAcquisitionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30));
        return SnsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(http)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static String ms(LatencyHistogram h) {
        return h.count() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f / %.2f ms", h.valueAt(50) / 1e6, h.valueAt(99) / 1e6);
    }

    /** Replaces what is between the sns markers (re-reading the file just before), appending them when absent. */
    static void writeSection(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String block = BEGIN + "\n" + section + "\n" + END;
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        String updated = b >= 0 && e > b ? text.substring(0, b) + block + text.substring(e + END.length())
                : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("""
                        usage: bin/bench-sns [options]
                          --publishers N          publisher threads (default 4)
                          --consumers-per-queue N consumer threads per queue (default 1; 10 queues)
                          --modes a,b             publish (Publish, 1 message a call), batch (PublishBatch of 10); default both
                          --deliveries a,b        envelope (SNS JSON, signed), raw (RawMessageDelivery); default both
                          --warmup S              warm-up seconds per run (default 5)
                          --duration S            measured seconds per run (default 20)
                          --server-warmup S       unmeasured PublishBatch load before the first run (default 10)
                          --sluice-launcher PATH  bin/sluice
                          --sluice-endpoint URL   measure a Sluice already running (loopback only)
                          --sluice-jfr FILE       record a JFR profile of the started server
                          --note TEXT             a remark printed with the results (e.g. "smoke run")
                          --output FILE           markdown file whose sns section is rewritten""");
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--publishers" -> o.publishers = Integer.parseInt(v);
                case "--consumers-per-queue" -> o.consumersPerQueue = Integer.parseInt(v);
                case "--modes" -> o.modes = List.of(v.split(","));
                case "--deliveries" -> o.deliveries = List.of(v.split(","));
                case "--warmup" -> o.warmupSeconds = Integer.parseInt(v);
                case "--duration" -> o.durationSeconds = Integer.parseInt(v);
                case "--server-warmup" -> o.serverWarmupSeconds = Integer.parseInt(v);
                case "--sluice-launcher" -> o.sluiceLauncher = Path.of(v);
                case "--sluice-endpoint" -> o.sluiceEndpoint = URI.create(v);
                case "--sluice-jfr" -> o.sluiceJfr = Path.of(v).toAbsolutePath().toString();
                case "--note" -> o.note = v;
                case "--output" -> o.output = "-".equals(v) ? null : Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
            }
        }
        for (String m : o.modes) {
            if (!m.equals("publish") && !m.equals("batch")) {
                throw new IllegalArgumentException("unknown mode " + m + " (publish, batch)");
            }
        }
        for (String d : o.deliveries) {
            if (!d.equals("envelope") && !d.equals("raw")) {
                throw new IllegalArgumentException("unknown delivery " + d + " (envelope, raw)");
            }
        }
        if (o.warmupSeconds < 0 || o.durationSeconds <= 0 || o.durationSeconds > 600 || o.warmupSeconds > 600
                || o.serverWarmupSeconds < 0 || o.serverWarmupSeconds > 600) {
            throw new IllegalArgumentException("warm-ups and duration must be within 0..600 s");
        }
        if (o.sluiceEndpoint != null) {
            ServerUnderTest.requireLoopback(o.sluiceEndpoint);
        }
        return o;
    }

    static void say(String format, Object... args) {
        System.err.println("bench-sns: " + String.format(Locale.ROOT, format, args));
    }
}
