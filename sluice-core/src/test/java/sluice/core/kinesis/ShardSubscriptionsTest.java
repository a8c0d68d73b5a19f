package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.ShardEventSink;
import sluice.api.kinesis.StreamRef;
import sluice.api.kinesis.SubscribeToShardEvent;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.common.ManualClock;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;
import sluice.core.storage.MessageIndex;
import sluice.core.storage.MessageStore;
import sluice.core.storage.QueueRecord;
import sluice.core.storage.ShardStore;
import sluice.core.storage.StorageEngine;
import sluice.core.storage.Written;

/**
 * SubscribeToShard in the core, on an engine whose shard appends become durable only when the
 * test says so: durable before visible (a subscriber never sees a record a crash could still lose),
 * and pushed as soon as it is durable.
 */
class ShardSubscriptionsTest {
    private static final KinesisContext CONTEXT = new KinesisContext(new Scope("000000000000", "us-east-1"));

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Lanes lanes = new Lanes(1);
    private final HeldDurability engine = new HeldDurability();
    private final KinesisService service = new KinesisService(engine, lanes, clock, new byte[32], Duration.ZERO);

    @AfterEach
    void close() {
        lanes.close();
    }

    @Test
    void aRecordIsPushedOnlyOnceItsAppendIsDurable() throws Exception {
        service.execute(CONTEXT, new KinesisRequest.CreateStream("s", 1, null, null)).join();
        String streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
        String consumerArn = ((KinesisResult.Consumer) service.execute(CONTEXT,
                new KinesisRequest.RegisterStreamConsumer(streamArn, "app", null)).join()).consumerArn();
        RecordingSink sink = new RecordingSink();
        service.subscribeToShard(CONTEXT, new SubscribeToShardRequest(consumerArn, "shardId-000000000000",
                new SubscribeToShardRequest.StartingPosition("LATEST", null, null)), sink);
        assertTrue(sink.started.get(10, TimeUnit.SECONDS));

        engine.hold();
        CompletableFuture<KinesisResult> put = service.execute(CONTEXT, new KinesisRequest.PutRecord(new StreamRef("s", null),
                "x".getBytes(StandardCharsets.UTF_8), "k", null, null));
        lanes.laneFor(0).submit(() -> { }).get(10, TimeUnit.SECONDS); // the append and any pump it caused have run
        assertTrue(sink.events.stream().allMatch(e -> e.records().isEmpty()), "nothing before the append is durable");

        engine.release();
        put.get(10, TimeUnit.SECONDS);
        SubscribeToShardEvent event;
        do {
            event = sink.events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "the durable record is pushed");
        } while (event.records().isEmpty());
        assertEquals("x", new String(event.records().getFirst().data(), StandardCharsets.UTF_8));
    }

    @Test
    void aConsumerThatIsNotYetActiveIsRefusedWithResourceInUse() throws Exception {
        KinesisService slow = new KinesisService(new MemoryEngine(), lanes, clock, new byte[32], Duration.ofSeconds(1));
        slow.execute(CONTEXT, new KinesisRequest.CreateStream("s", 1, null, null)).join();
        clock.advance(Duration.ofSeconds(1));
        String consumerArn = ((KinesisResult.Consumer) slow.execute(CONTEXT, new KinesisRequest.RegisterStreamConsumer(
                "arn:aws:kinesis:us-east-1:000000000000:stream/s", "app", null)).join()).consumerArn();
        SubscribeToShardRequest request = new SubscribeToShardRequest(consumerArn, "shardId-000000000000",
                new SubscribeToShardRequest.StartingPosition("LATEST", null, null));

        RecordingSink early = new RecordingSink();
        slow.subscribeToShard(CONTEXT, request, early);
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> early.started.get(10, TimeUnit.SECONDS));
        KinesisException e = (KinesisException) refused.getCause();
        assertEquals(sluice.api.kinesis.KinesisError.RESOURCE_IN_USE, e.error());
        assertTrue(e.getMessage().endsWith("is not in ACTIVE status."), e.getMessage());

        clock.advance(Duration.ofSeconds(1));
        RecordingSink later = new RecordingSink();
        slow.subscribeToShard(CONTEXT, request, later);
        assertTrue(later.started.get(10, TimeUnit.SECONDS));
    }

    /** A sink that is always ready and records what it is told. */
    private static final class RecordingSink implements ShardEventSink {
        final CompletableFuture<Boolean> started = new CompletableFuture<>();
        final BlockingQueue<SubscribeToShardEvent> events = new LinkedBlockingQueue<>();

        @Override
        public void rejected(KinesisException error) {
            started.completeExceptionally(error);
        }

        @Override
        public void started() {
            started.complete(true);
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void event(SubscribeToShardEvent event) {
            events.add(event);
        }

        @Override
        public void completed() {
        }

        @Override
        public void failed(KinesisException error) {
        }
    }

    /** The memory engine, except that shard appends made while held become durable only on release. */
    private static final class HeldDurability implements StorageEngine {
        private final MemoryEngine memory = new MemoryEngine();
        private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        void hold() {
            gate = new CompletableFuture<>();
        }

        void release() {
            gate.complete(null);
        }

        @Override
        public Set<String> shardKeys() {
            return memory.shardKeys();
        }

        @Override
        public ShardStore openShard(String shardKey) {
            ShardStore store = memory.openShard(shardKey);
            return new ShardStore() {
                @Override
                public Written<List<Long>> append(List<NewRecord> records) {
                    Written<List<Long>> w = store.append(records);
                    return new Written<>(w.value(), w.durable().thenCombine(gate, (a, b) -> null));
                }

                @Override
                public Read read(long from, int limit, long maxBytes) {
                    return store.read(from, limit, maxBytes);
                }

                @Override
                public long positionAt(long timestamp) {
                    return store.positionAt(timestamp);
                }

                @Override
                public long firstPosition() {
                    return store.firstPosition();
                }

                @Override
                public long nextPosition() {
                    return store.nextPosition();
                }

                @Override
                public long arrivedAt(long position) {
                    return store.arrivedAt(position);
                }

                @Override
                public Written<Integer> trim(long arrivedBefore) {
                    return store.trim(arrivedBefore);
                }

                @Override
                public CompletableFuture<Void> delete() {
                    return store.delete();
                }
            };
        }

        @Override
        public List<QueueRecord> queues() {
            return memory.queues();
        }

        @Override
        public CompletableFuture<Void> putQueue(QueueRecord queue) {
            return memory.putQueue(queue);
        }

        @Override
        public CompletableFuture<Void> deleteQueue(long queueId) {
            return memory.deleteQueue(queueId);
        }

        @Override
        public MessageStore openMessages(long queueId, MessageIndex.Ordering ordering, long now) {
            return memory.openMessages(queueId, ordering, now);
        }

        @Override
        public SortedMap<String, byte[]> records(String namespace) {
            return memory.records(namespace);
        }

        @Override
        public CompletableFuture<Void> putRecord(String namespace, String key, byte[] value) {
            return memory.putRecord(namespace, key, value);
        }

        @Override
        public CompletableFuture<Void> deleteRecord(String namespace, String key) {
            return memory.deleteRecord(namespace, key);
        }

        @Override
        public CompletableFuture<Void> deleteRecords(String namespace, String keyPrefix) {
            return memory.deleteRecords(namespace, keyPrefix);
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
