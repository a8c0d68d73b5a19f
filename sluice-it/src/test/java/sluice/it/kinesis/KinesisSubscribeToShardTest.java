package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DryRunOperationException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * SubscribeToShard (enhanced fan-out) through the SDK's async client over h2c: the initial response,
 * records pushed as they are put, every starting position, continuation sequence numbers, AWS's rule
 * for a second subscriber, deregistration, the five-minute lifetime (on the server's manual clock),
 * client cancellation, and the same with a client built with CBOR off. (The Java SDK speaks
 * SubscribeToShard as JSON either way; the CBOR event encoding is covered by the protocol's tests.)
 */
class KinesisSubscribeToShardTest {
    private static final String SHARD = "shardId-000000000000";
    private static ManualClock clock;
    private static SluiceTestServer server;
    private static KinesisAsyncClient kinesis;

    @BeforeAll
    static void start() {
        clock = new ManualClock(System.currentTimeMillis());
        server = SluiceTestServer.start(c -> c, clock);
        kinesis = KinesisClients.async(server.endpoint());
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    /** A one-shard stream with a consumer; returns the consumer ARN. */
    private static String streamWithConsumer(KinesisAsyncClient k, String name) {
        k.createStream(b -> b.streamName(name).shardCount(1)).join();
        String arn = k.describeStreamSummary(b -> b.streamName(name)).join().streamDescriptionSummary().streamARN();
        return k.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app")).join().consumer().consumerARN();
    }

    private static String put(KinesisAsyncClient k, String name, String data) {
        return k.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String(data))).join().sequenceNumber();
    }

    private static StartingPosition at(ShardIteratorType type, String sequenceNumber) {
        return StartingPosition.builder().type(type).sequenceNumber(sequenceNumber).build();
    }

    private static StartingPosition latest() {
        return at(ShardIteratorType.LATEST, null);
    }

    private static List<String> data(List<Record> records) {
        return records.stream().map(r -> r.data().asUtf8String()).toList();
    }

    @Test
    void recordsPutAfterSubscribingArePushedWithTheirContinuation() throws Exception {
        String name = uniqueName("efo-push");
        String consumer = streamWithConsumer(kinesis, name);
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        List<String> seqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seqs.add(put(kinesis, name, "r" + i));
        }
        List<SubscribeToShardEvent> seen = new ArrayList<>();
        List<Record> got = sub.records(3, seen);
        assertEquals(List.of("r0", "r1", "r2"), data(got));
        assertEquals(seqs, got.stream().map(Record::sequenceNumber).toList());
        assertEquals(seqs.getLast(), seen.getLast().continuationSequenceNumber());
        assertTrue(seen.getLast().millisBehindLatest() >= 0);
        assertTrue(seen.getLast().childShards().isEmpty());
        assertNotNull(got.getFirst().approximateArrivalTimestamp());
        assertEquals("k", got.getFirst().partitionKey());
        sub.cancel();
    }

    @Test
    void everyStartingPositionStartsWhereGetShardIteratorWould() throws Exception {
        String name = uniqueName("efo-start");
        String consumer = streamWithConsumer(kinesis, name);
        List<String> seqs = new ArrayList<>();
        seqs.add(put(kinesis, name, "a"));
        seqs.add(put(kinesis, name, "b"));
        clock.advance(Duration.ofSeconds(1));
        Instant beforeC = Instant.ofEpochMilli(clock.millis());
        seqs.add(put(kinesis, name, "c"));

        assertEquals(List.of("a", "b", "c"), firstRecords(consumer, at(ShardIteratorType.TRIM_HORIZON, null), 3));
        assertEquals(List.of("b", "c"), firstRecords(consumer, at(ShardIteratorType.AT_SEQUENCE_NUMBER, seqs.get(1)), 2));
        assertEquals(List.of("c"), firstRecords(consumer, at(ShardIteratorType.AFTER_SEQUENCE_NUMBER, seqs.get(1)), 1));
        assertEquals(List.of("c"), firstRecords(consumer,
                StartingPosition.builder().type(ShardIteratorType.AT_TIMESTAMP).timestamp(beforeC).build(), 1));
    }

    /** Subscribes, takes the first {@code count} records, and moves the clock past the takeover window for the next one. */
    private static List<String> firstRecords(String consumer, StartingPosition start, int count) throws Exception {
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, start).started();
        List<String> got = data(sub.records(count));
        sub.cancel();
        clock.advance(Duration.ofSeconds(6));
        return got;
    }

    @Test
    void theStreamEndsAfterFiveMinutesAndTheContinuationResumesExactly() throws Exception {
        String name = uniqueName("efo-life");
        String consumer = streamWithConsumer(kinesis, name);
        put(kinesis, name, "before");
        ShardEventCollector first = ShardEventCollector.subscribe(kinesis, consumer, SHARD, at(ShardIteratorType.TRIM_HORIZON, null));
        List<SubscribeToShardEvent> seen = new ArrayList<>();
        assertEquals(List.of("before"), data(first.records(1, seen)));
        clock.advance(Duration.ofMinutes(5));
        assertNull(first.outcome(), "the subscription completes normally after its lifetime");

        String continuation = seen.getLast().continuationSequenceNumber();
        put(kinesis, name, "after");
        ShardEventCollector second = ShardEventCollector.subscribe(kinesis, consumer, SHARD,
                at(ShardIteratorType.AFTER_SEQUENCE_NUMBER, continuation));
        assertEquals(List.of("after"), data(second.records(1)));
        second.cancel();
    }

    @Test
    void aSplitShardsSubscriptionEndsWithItsChildren() throws Exception {
        String name = uniqueName("efo-split");
        String consumer = streamWithConsumer(kinesis, name);
        put(kinesis, name, "parent");
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, at(ShardIteratorType.TRIM_HORIZON, null));
        assertEquals(List.of("parent"), data(sub.records(1)));
        kinesis.splitShard(b -> b.streamName(name).shardToSplit(SHARD)
                .newStartingHashKey(java.math.BigInteger.ONE.shiftLeft(127).toString())).join();
        SubscribeToShardEvent last;
        do {
            last = sub.nextEvent();
        } while (last.childShards().isEmpty());
        assertNull(last.continuationSequenceNumber(), "no continuation: the shard is finished");
        assertEquals(2, last.childShards().size());
        assertEquals(List.of(SHARD), last.childShards().getFirst().parentShards());
        assertNull(sub.outcome(), "the stream then ends normally");
    }

    @Test
    void aSecondSubscriberIsRefusedWithinFiveSecondsThenTakesOver() throws Exception {
        String name = uniqueName("efo-twice");
        String consumer = streamWithConsumer(kinesis, name);
        ShardEventCollector first = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        ShardEventCollector refused = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest());
        ResourceInUseException e = assertInstanceOf(ResourceInUseException.class, refused.outcome());
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("Another active subscription exists for this consumer: "),
                e.awsErrorDetails().errorMessage());

        clock.advance(Duration.ofSeconds(5));
        ShardEventCollector takeover = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        assertInstanceOf(ResourceInUseException.class, first.outcome(), "the first ends with an exception event");
        put(kinesis, name, "x");
        assertEquals(List.of("x"), data(takeover.records(1)));
        takeover.cancel();
    }

    @Test
    void aDryRunSubscriptionIsCheckedThenRefusedWithoutHoldingTheShard() throws Exception {
        String name = uniqueName("efo-dry");
        String consumer = streamWithConsumer(kinesis, name);
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder().subscriber(event -> { }).build();
        CompletableFuture<Void> dry = kinesis.subscribeToShard(b -> b.consumerARN(consumer).shardId(SHARD).startingPosition(latest())
                .dryRun(true), handler);
        Throwable refused = assertThrows(ExecutionException.class, () -> dry.get(20, TimeUnit.SECONDS)).getCause();
        while (refused instanceof CompletionException && refused.getCause() != null) {
            refused = refused.getCause();
        }
        assertEquals(400, assertInstanceOf(DryRunOperationException.class, refused).statusCode());
        ShardEventCollector real = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        real.cancel();
    }

    @Test
    void deregisteringTheConsumerEndsTheSubscription() throws Exception {
        String name = uniqueName("efo-dereg");
        String consumer = streamWithConsumer(kinesis, name);
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        kinesis.deregisterStreamConsumer(b -> b.consumerARN(consumer)).join();
        assertInstanceOf(ResourceNotFoundException.class, sub.outcome());
    }

    @Test
    void aClientCancelReleasesTheSubscription() throws Exception {
        String name = uniqueName("efo-cancel");
        String consumer = streamWithConsumer(kinesis, name);
        ShardEventCollector first = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        first.cancel();
        ShardEventCollector again = subscribeOnceReleased(consumer, latest());
        put(kinesis, name, "y");
        assertEquals(List.of("y"), data(again.records(1)));
        again.cancel();
    }

    /** Subscribes as soon as the server has released the previous subscription (a client reset arrives asynchronously). */
    private static ShardEventCollector subscribeOnceReleased(String consumer, StartingPosition start) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ShardEventCollector again;
        do {
            again = ShardEventCollector.subscribe(kinesis, consumer, SHARD, start);
            CompletableFuture.anyOf(again.initial, again.done).handle((v, t) -> v).get(20, TimeUnit.SECONDS);
        } while (!again.initial.isDone() && System.nanoTime() < deadline);
        return again.started();
    }

    @Test
    void anEmptyShardsContinuationStillLeadsToItsFirstRecord() throws Exception {
        String name = uniqueName("efo-empty");
        String consumer = streamWithConsumer(kinesis, name);
        String start = kinesis.listShards(b -> b.streamName(name)).join().shards().getFirst().sequenceNumberRange().startingSequenceNumber();
        ShardEventCollector first = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        SubscribeToShardEvent heartbeat = first.nextEvent();
        assertTrue(heartbeat.records().isEmpty());
        assertEquals(start, heartbeat.continuationSequenceNumber(), "before any record: the shard's StartingSequenceNumber");
        first.cancel();
        ShardEventCollector next = subscribeOnceReleased(consumer, at(ShardIteratorType.AFTER_SEQUENCE_NUMBER, start));
        put(kinesis, name, "first");
        assertEquals(List.of("first"), data(next.records(1)));
        next.cancel();
    }

    @Test
    void errorsBeforeTheStreamAreOrdinaryKinesisErrors() throws Exception {
        String name = uniqueName("efo-errors");
        String consumer = streamWithConsumer(kinesis, name);
        assertInstanceOf(ResourceNotFoundException.class,
                ShardEventCollector.subscribe(kinesis, consumer, "shardId-000000000009", latest()).outcome());
        assertInstanceOf(ResourceNotFoundException.class,
                ShardEventCollector.subscribe(kinesis, consumer.replace("/consumer/app:", "/consumer/other:"), SHARD, latest()).outcome());
        assertInstanceOf(InvalidArgumentException.class,
                ShardEventCollector.subscribe(kinesis, consumer, SHARD, at(ShardIteratorType.AT_SEQUENCE_NUMBER, null)).outcome());
        assertInstanceOf(InvalidArgumentException.class,
                ShardEventCollector.subscribe(kinesis, consumer, SHARD, at(ShardIteratorType.AT_SEQUENCE_NUMBER, "1".repeat(56))).outcome());
    }

    @Test
    void anIdleSubscriptionGetsHeartbeatEventsWithItsContinuation() throws Exception {
        String name = uniqueName("efo-idle");
        String consumer = streamWithConsumer(kinesis, name);
        String seq = put(kinesis, name, "old");
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        SubscribeToShardEvent heartbeat = sub.nextEvent();
        assertTrue(heartbeat.records().isEmpty());
        assertEquals(seq, heartbeat.continuationSequenceNumber());
        assertEquals(0, heartbeat.millisBehindLatest());
        sub.cancel();
    }

    @Test
    void deletingTheStreamEndsTheSubscription() throws Exception {
        String name = uniqueName("efo-delete");
        String consumer = streamWithConsumer(kinesis, name);
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest()).started();
        kinesis.deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true)).join();
        assertInstanceOf(ResourceNotFoundException.class, sub.outcome());
    }

    @Test
    void aSlowReaderGetsEveryRecordInOrderOnceItReads() throws Exception {
        String name = uniqueName("efo-slow");
        String consumer = streamWithConsumer(kinesis, name);
        ShardEventCollector sub = ShardEventCollector.subscribe(kinesis, consumer, SHARD, latest(), 1).started();
        byte[] big = new byte[512 * 1024];
        int count = 40; // 20 MB: far more than the flow-control window and the server's high-water mark
        for (int i = 0; i < count; i++) {
            big[0] = (byte) i;
            byte[] data = big.clone();
            kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(data))).join();
        }
        List<Record> got = sub.records(count, new ArrayList<>(), true);
        for (int i = 0; i < count; i++) {
            assertEquals((byte) i, got.get(i).data().asByteArray()[0]);
        }
        sub.cancel();
    }

    @Test
    void http1ClientsGetTheEventStreamChunked() throws Exception {
        assertARecordIsPushedThrough(KinesisClients.asyncHttp1(server.endpoint()), "efo-http1");
    }

    /** Through {@code client} (closed after): subscribe at LATEST, put one record, get it pushed. */
    private static void assertARecordIsPushedThrough(KinesisAsyncClient client, String streamPrefix) throws Exception {
        try (client) {
            String name = uniqueName(streamPrefix);
            String consumer = streamWithConsumer(client, name);
            ShardEventCollector sub = ShardEventCollector.subscribe(client, consumer, SHARD, latest()).started();
            put(client, name, "pushed");
            assertEquals(List.of("pushed"), data(sub.records(1)));
            sub.cancel();
        }
    }

    @Test
    void closingTheServerEndsItsSubscriptions() throws Exception {
        SluiceTestServer other = SluiceTestServer.start();
        boolean closed = false;
        try (KinesisAsyncClient k = KinesisClients.async(other.endpoint())) {
            String consumer = streamWithConsumer(k, uniqueName("efo-close"));
            ShardEventCollector sub = ShardEventCollector.subscribe(k, consumer, SHARD, latest()).started();
            closed = true;
            other.close();
            assertNull(sub.outcome(), "the stream ends normally, so the client subscribes again");
        } finally {
            if (!closed) {
                other.close();
            }
        }
    }

    @Test
    void tlsH2ClientsGetTheEventStream() throws Exception {
        assertARecordIsPushedThrough(KinesisClients.asyncTls(server.port()), "efo-tls");
    }

    @Test
    void aClientWithCborOffGetsTheSameEvents() throws Exception {
        KinesisAsyncClient json = KinesisClients.asyncJson(server.endpoint());
        try {
            String name = uniqueName("efo-json");
            String consumer = streamWithConsumer(json, name);
            String seq = put(json, name, "j");
            ShardEventCollector sub = ShardEventCollector.subscribe(json, consumer, SHARD, at(ShardIteratorType.TRIM_HORIZON, null));
            List<SubscribeToShardEvent> seen = new ArrayList<>();
            List<Record> got = sub.records(1, seen);
            assertEquals(List.of("j"), data(got));
            assertEquals(seq, seen.getLast().continuationSequenceNumber());
            sub.cancel();
        } finally {
            json.close();
        }
    }
}
