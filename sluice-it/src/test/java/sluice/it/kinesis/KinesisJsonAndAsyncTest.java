package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The two other ways the Java SDK talks to Kinesis: JSON 1.1 (CBOR turned off with
 * {@code aws.cborEnabled=false}; blobs as base64, timestamps as epoch seconds) and the async
 * Netty client, which opens every connection with h2c prior knowledge.
 */
class KinesisJsonAndAsyncTest {
    private static SluiceTestServer server;
    private static KinesisClient json;
    private static KinesisAsyncClient async;

    @BeforeAll
    static void start() {
        server = SluiceTestServer.start();
        json = KinesisClients.syncJson(server.endpoint());
        async = KinesisClients.async(server.endpoint());
    }

    @AfterAll
    static void stop() {
        json.close();
        async.close();
        server.close();
    }

    @Test
    void jsonRoundTripKeepsBinaryDataTimestampsAndErrors() throws InterruptedException {
        String name = uniqueName("json");
        json.createStream(b -> b.streamName(name).shardCount(1));
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0x80, 10};
        json.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(new byte[] {42})));
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        String seq = json.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(binary))).sequenceNumber();
        String iterator = json.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(between)).shardIterator();
        GetRecordsResponse got = json.getRecords(b -> b.shardIterator(iterator));
        assertEquals(1, got.records().size());
        Record r = got.records().getFirst();
        assertEquals(seq, r.sequenceNumber());
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 2, (byte) 0xff, (byte) 0x80, (byte) 10),
                java.util.Arrays.asList(box(r.data().asByteArray())));
        assertTrue(Math.abs(r.approximateArrivalTimestamp().toEpochMilli() - System.currentTimeMillis()) < 60_000);
        assertTrue(json.describeStream(b -> b.streamName(name)).streamDescription().streamCreationTimestamp().isBefore(Instant.now().plusSeconds(1)));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> json.describeStreamSummary(b -> b.streamName("missing-json")));
    }

    private static Byte[] box(byte[] bytes) {
        Byte[] out = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i];
        }
        return out;
    }

    @Test
    void asyncClientOverH2cPutsAndGets() {
        String name = uniqueName("async");
        async.createStream(b -> b.streamName(name).shardCount(2)).join();
        for (int i = 0; i < 10; i++) {
            int n = i;
            async.putRecord(b -> b.streamName(name).partitionKey("same").data(SdkBytes.fromUtf8String("m" + n))).join();
        }
        String shard = async.putRecord(b -> b.streamName(name).partitionKey("same").data(SdkBytes.fromUtf8String("m10"))).join().shardId();
        String iterator = async.getShardIterator(b -> b.streamName(name).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
        List<String> got = async.getRecords(b -> b.shardIterator(iterator)).join().records().stream()
                .map(x -> x.data().asUtf8String()).toList();
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"), got);
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> async.describeStream(b -> b.streamName("missing-async")).join());
        assertEquals(ResourceNotFoundException.class, e.getCause().getClass());
    }
}
