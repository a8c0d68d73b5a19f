package sluice.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import sluice.testkit.SluiceProcess;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The durability contract for Kinesis end to end: producers PutRecords and PutRecord while the
 * server is killed with SIGKILL (no shutdown hook, no flush). After a restart on the same data
 * directory every acknowledged record must be readable from TRIM_HORIZON with the shard and
 * sequence number it was acknowledged with, each shard's sequence numbers must still increase
 * strictly, and records put after the restart must get sequence numbers greater than every one before.
 */
@Tag("slow")
class KinesisKillRecoveryTest {
    private static final String STREAM = "durable-stream";
    private static final int SHARDS = 2;
    private static final int PRODUCERS = 3;

    @TempDir
    Path dataDir;

    /** Where an acknowledged record went. */
    private record Acked(String shardId, String sequenceNumber) {
    }

    private static KinesisClient client(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SluiceTestServer.ACCESS_KEY, SluiceTestServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void acknowledgedRecordsSurviveSigkillWithTheirSequenceNumbers() throws Exception {
        Map<String, Acked> acknowledged = new ConcurrentHashMap<>();
        try (SluiceProcess server = SluiceProcess.start(dataDir); KinesisClient kinesis = client(server.endpoint())) {
            kinesis.createStream(b -> b.streamName(STREAM).shardCount(SHARDS));
            waitUntil(() -> kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamStatus()
                    == StreamStatus.ACTIVE, Duration.ofSeconds(30));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong counter = new AtomicLong();
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            for (int p = 0; p < PRODUCERS; p++) {
                boolean single = p == 0;
                producers.submit(() -> produce(kinesis, single, running, counter, acknowledged));
            }
            waitUntil(() -> acknowledged.size() >= 3_000, Duration.ofSeconds(60));
            server.kill();
            running.set(false);
            producers.shutdown();
            assertTrue(producers.awaitTermination(60, TimeUnit.SECONDS), "producers stop once the server is gone");
        }
        assertTrue(acknowledged.size() >= 3_000, "the workload ran before the kill: " + acknowledged.size());

        try (SluiceProcess server = SluiceProcess.start(dataDir); KinesisClient kinesis = client(server.endpoint())) {
            Map<String, Acked> found = new HashMap<>();
            Map<String, BigInteger> lastPerShard = new HashMap<>();
            for (Shard shard : kinesis.listShards(b -> b.streamName(STREAM)).shards()) {
                BigInteger last = BigInteger.valueOf(-1);
                for (Record r : readAll(kinesis, shard.shardId())) {
                    BigInteger seq = new BigInteger(r.sequenceNumber());
                    assertTrue(seq.compareTo(last) > 0, "sequence numbers increase strictly in " + shard.shardId());
                    last = seq;
                    found.put(r.data().asUtf8String(), new Acked(shard.shardId(), r.sequenceNumber()));
                }
                lastPerShard.put(shard.shardId(), last);
            }
            List<String> lost = new ArrayList<>();
            List<String> moved = new ArrayList<>();
            acknowledged.forEach((data, acked) -> {
                Acked seen = found.get(data);
                if (seen == null) {
                    lost.add(data);
                } else if (!seen.equals(acked)) {
                    moved.add(data + ": acknowledged " + acked + ", read " + seen);
                }
            });
            assertEquals(List.of(), lost.stream().limit(20).toList(), "acknowledged records lost: " + lost.size());
            assertEquals(List.of(), moved.stream().limit(20).toList(), "records read with another shard or sequence number");

            for (int i = 0; i < 20; i++) {
                String data = "after-restart-" + i;
                var put = kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("pk-" + data)
                        .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
                BigInteger before = lastPerShard.get(put.shardId());
                assertTrue(new BigInteger(put.sequenceNumber()).compareTo(before) > 0,
                        "a new sequence number " + put.sequenceNumber() + " is greater than " + before + " in " + put.shardId());
                lastPerShard.put(put.shardId(), new BigInteger(put.sequenceNumber()));
            }
        }
    }

    private static void produce(KinesisClient kinesis, boolean single, AtomicBoolean running, AtomicLong counter,
                                Map<String, Acked> acked) {
        try {
            while (running.get()) {
                if (single) {
                    String data = "record-" + counter.incrementAndGet();
                    var put = kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("pk-" + data)
                            .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
                    acked.put(data, new Acked(put.shardId(), put.sequenceNumber()));
                    continue;
                }
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String data = "record-" + counter.incrementAndGet();
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + data)
                            .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)).build());
                }
                PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(STREAM).records(entries));
                for (int i = 0; i < entries.size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    if (result.errorCode() == null) {
                        acked.put(entries.get(i).data().asUtf8String(), new Acked(result.shardId(), result.sequenceNumber()));
                    }
                }
            }
        } catch (RuntimeException serverGone) {
            // expected once the server is killed
        }
    }

    /** Every record of a shard, from TRIM_HORIZON until the reader has caught up. */
    private static List<Record> readAll(KinesisClient kinesis, String shardId) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(STREAM).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (true) {
            String at = iterator;
            GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(at));
            records.addAll(response.records());
            iterator = response.nextShardIterator();
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                return records;
            }
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
