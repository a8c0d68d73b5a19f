package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * AWS's per-shard throughput limits with {@code kinesis.limits: strict} (1 MiB or 1,000 records per
 * second in; 2 MiB and 5 GetRecords calls per second out), and none of them when relaxed (the
 * default). The server's manual clock decides which second a call falls in.
 */
class KinesisStrictLimitsTest {
    private static final String SHARD = "shardId-000000000000";
    private static final int MB = 1_000_000;

    private static SdkBytes bytes(int size) {
        return SdkBytes.fromByteArray(new byte[size]);
    }

    private static String rateExceeded(String name) {
        return "Rate exceeded for shard " + SHARD + " in stream " + name + " under account 000000000000.";
    }

    private static String create(KinesisClient k) {
        String name = uniqueName("limits");
        k.createStream(b -> b.streamName(name).shardCount(1));
        return name;
    }

    private static String trimHorizon(KinesisClient k, String name) {
        return k.getShardIterator(b -> b.streamName(name).shardId(SHARD).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
    }

    @Test
    void strictLimitsRefuseWritesPastAMebibyteOrAThousandRecordsPerSecondPerShard() {
        ManualClock clock = new ManualClock(System.currentTimeMillis() / 1000 * 1000);
        try (SluiceTestServer server = SluiceTestServer.start(c -> c.withKinesisStrictLimits(true), clock);
             KinesisClient k = KinesisClients.sync(server.endpoint(), clock::millis)) {
            String name = create(k);
            k.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(MB)));
            ProvisionedThroughputExceededException e = expectError(ProvisionedThroughputExceededException.class,
                    "ProvisionedThroughputExceededException", 400,
                    () -> k.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(100_000))));
            assertEquals(rateExceeded(name), e.awsErrorDetails().errorMessage());
            clock.advance(Duration.ofSeconds(1));
            k.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(100_000)));

            clock.advance(Duration.ofSeconds(1));
            List<PutRecordsRequestEntry> mixed = List.of(
                    PutRecordsRequestEntry.builder().partitionKey("a").data(bytes(600_000)).build(),
                    PutRecordsRequestEntry.builder().partitionKey("b").data(bytes(600_000)).build(),
                    PutRecordsRequestEntry.builder().partitionKey("c").data(bytes(10)).build());
            PutRecordsResponse partial = k.putRecords(b -> b.streamName(name).records(mixed));
            assertEquals(1, partial.failedRecordCount());
            assertNotNull(partial.records().get(0).sequenceNumber());
            assertEquals("ProvisionedThroughputExceededException", partial.records().get(1).errorCode());
            assertEquals(rateExceeded(name), partial.records().get(1).errorMessage());
            assertNull(partial.records().get(1).sequenceNumber());
            assertNotNull(partial.records().get(2).sequenceNumber());

            clock.advance(Duration.ofSeconds(1));
            List<PutRecordsRequestEntry> small = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                small.add(PutRecordsRequestEntry.builder().partitionKey("k").data(bytes(1)).build());
            }
            assertEquals(0, k.putRecords(b -> b.streamName(name).records(small)).failedRecordCount());
            assertEquals(0, k.putRecords(b -> b.streamName(name).records(small)).failedRecordCount());
            assertEquals(2, k.putRecords(b -> b.streamName(name).records(small.subList(0, 2))).failedRecordCount());
            String it = trimHorizon(k, name);
            assertEquals(1 + 1 + 2 + 1000, k.getRecords(b -> b.shardIterator(it)).records().size(), "refused records are not stored");
        }
    }

    @Test
    void strictLimitsRefuseMoreThanFiveGetRecordsCallsOrTwoMebibytesPerSecondPerShard() {
        ManualClock clock = new ManualClock(System.currentTimeMillis() / 1000 * 1000);
        try (SluiceTestServer server = SluiceTestServer.start(c -> c.withKinesisStrictLimits(true), clock);
             KinesisClient k = KinesisClients.sync(server.endpoint(), clock::millis)) {
            String name = create(k);
            String it = trimHorizon(k, name);
            for (int i = 0; i < 5; i++) {
                k.getRecords(b -> b.shardIterator(it));
            }
            ProvisionedThroughputExceededException e = expectError(ProvisionedThroughputExceededException.class,
                    "ProvisionedThroughputExceededException", 400, () -> k.getRecords(b -> b.shardIterator(it)));
            assertEquals(rateExceeded(name), e.awsErrorDetails().errorMessage());
            clock.advance(Duration.ofSeconds(1));
            k.getRecords(b -> b.shardIterator(it));

            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                k.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(MB)));
            }
            clock.advance(Duration.ofSeconds(1));
            String from = trimHorizon(k, name);
            assertEquals(5, k.getRecords(b -> b.shardIterator(from)).records().size());
            clock.advance(Duration.ofSeconds(1));
            expectError(ProvisionedThroughputExceededException.class, "ProvisionedThroughputExceededException", 400,
                    () -> k.getRecords(b -> b.shardIterator(from)));
            clock.advance(Duration.ofSeconds(2));
            assertEquals(5, k.getRecords(b -> b.shardIterator(from)).records().size());
        }
    }

    @Test
    void relaxedLimitsRefuseNothing() {
        ManualClock clock = new ManualClock(System.currentTimeMillis() / 1000 * 1000);
        try (SluiceTestServer server = SluiceTestServer.start(c -> c, clock);
             KinesisClient k = KinesisClients.sync(server.endpoint(), clock::millis)) {
            String name = create(k);
            for (int i = 0; i < 3; i++) {
                k.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(MB)));
            }
            String it = trimHorizon(k, name);
            for (int i = 0; i < 8; i++) {
                assertEquals(3, k.getRecords(b -> b.shardIterator(it)).records().size());
            }
        }
    }
}
