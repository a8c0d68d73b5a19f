package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** What time and restarts do to streams: iterator expiry, retention, durable sequence numbers. */
class KinesisClockAndRestartTest {
    private static final String SHARD = "shardId-000000000000";

    private static void put(KinesisClient k, String name, String data, List<String> seqs) {
        seqs.add(k.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String(data))).sequenceNumber());
    }

    private static List<String> fromTrimHorizon(KinesisClient k, String name) {
        String it = k.getShardIterator(b -> b.streamName(name).shardId(SHARD).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return k.getRecords(b -> b.shardIterator(it)).records().stream().map(r -> r.data().asUtf8String()).toList();
    }

    @Test
    void iteratorsExpireAfterFiveMinutesAndRetentionDropsOldRecords() {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (SluiceTestServer server = SluiceTestServer.start(c -> c, clock);
             KinesisClient k = KinesisClients.sync(server.endpoint(), clock::millis)) {
            String name = uniqueName("clock");
            k.createStream(b -> b.streamName(name).shardCount(1));
            List<String> seqs = new ArrayList<>();
            put(k, name, "old", seqs);
            String iterator = k.getShardIterator(b -> b.streamName(name).shardId(SHARD)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            clock.advance(Duration.ofMinutes(4));
            assertEquals(1, k.getRecords(b -> b.shardIterator(iterator)).records().size());
            clock.advance(Duration.ofMinutes(2));
            expectError(ExpiredIteratorException.class, "ExpiredIteratorException", 400,
                    () -> k.getRecords(b -> b.shardIterator(iterator)));

            clock.advance(Duration.ofHours(23));
            put(k, name, "new", seqs);
            assertEquals(List.of("old", "new"), fromTrimHorizon(k, name));
            clock.advance(Duration.ofHours(1));
            assertEquals(List.of("new"), fromTrimHorizon(k, name));
            k.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(72));
            clock.advance(Duration.ofHours(48));
            assertEquals(List.of("new"), fromTrimHorizon(k, name));
            clock.advance(Duration.ofHours(25));
            assertEquals(List.of(), fromTrimHorizon(k, name));
            put(k, name, "after", seqs);
            assertTrue(new BigInteger(seqs.get(2)).compareTo(new BigInteger(seqs.get(1))) > 0);
        }
    }

    @Test
    void recordsAndSequenceNumbersSurviveARestart() {
        SluiceTestServer server = SluiceTestServer.start();
        String name = uniqueName("restart");
        List<String> seqs = new ArrayList<>();
        try (KinesisClient k = KinesisClients.sync(server.endpoint())) {
            k.createStream(b -> b.streamName(name).shardCount(1));
            for (int i = 0; i < 3; i++) {
                put(k, name, "before" + i, seqs);
            }
        }
        server = server.restart();
        try (KinesisClient k = KinesisClients.sync(server.endpoint())) {
            for (int i = 0; i < 2; i++) {
                put(k, name, "after" + i, seqs);
            }
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(new BigInteger(seqs.get(i)).compareTo(new BigInteger(seqs.get(i - 1))) > 0, seqs::toString);
            }
            String it = k.getShardIterator(b -> b.streamName(name).shardId(SHARD).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            List<Record> records = k.getRecords(b -> b.shardIterator(it)).records();
            assertEquals(List.of("before0", "before1", "before2", "after0", "after1"),
                    records.stream().map(r -> r.data().asUtf8String()).toList());
            assertEquals(seqs, records.stream().map(Record::sequenceNumber).toList());
        } finally {
            server.close();
        }
    }
}
