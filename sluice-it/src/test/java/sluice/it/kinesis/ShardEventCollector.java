package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One SubscribeToShard call through the SDK's async client, as an application would make it: the
 * initial response, the events in a queue, and the call's future (completes when the server ends the
 * stream, fails with an error response or an exception event). {@link #cancel()} cancels from the
 * client side (the SDK resets the HTTP/2 stream).
 */
final class ShardEventCollector {
    private static final long WAIT_SECONDS = 20;

    final CompletableFuture<SubscribeToShardResponse> initial = new CompletableFuture<>();
    final BlockingQueue<SubscribeToShardEvent> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> done;
    private final CompletableFuture<Subscription> subscription = new CompletableFuture<>();

    private ShardEventCollector(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start, long demand) {
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onResponse(initial::complete)
                .onEventStream(publisher -> publisher.subscribe(new Subscriber<SubscribeToShardEventStream>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription.complete(s);
                        s.request(demand);
                    }

                    @Override
                    public void onNext(SubscribeToShardEventStream event) {
                        if (event instanceof SubscribeToShardEvent e) {
                            events.add(e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                }))
                .build();
        done = kinesis.subscribeToShard(b -> b.consumerARN(consumerArn).shardId(shardId).startingPosition(start), handler);
    }

    static ShardEventCollector subscribe(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start) {
        return new ShardEventCollector(kinesis, consumerArn, shardId, start, Long.MAX_VALUE);
    }

    /** A reader that asks for {@code demand} events at first and more only as {@link #records} takes them. */
    static ShardEventCollector subscribe(KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition start,
                                         long demand) {
        return new ShardEventCollector(kinesis, consumerArn, shardId, start, demand);
    }

    /** Waits for the initial response (the subscription has started on the server). */
    ShardEventCollector started() throws Exception {
        initial.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    SubscribeToShardEvent nextEvent() throws InterruptedException {
        SubscribeToShardEvent e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(e, "no event within " + WAIT_SECONDS + " s");
        return e;
    }

    /** Collects events until {@code count} records have arrived; returns them and the last event seen. */
    List<Record> records(int count, List<SubscribeToShardEvent> seen) throws Exception {
        return records(count, seen, false);
    }

    /** As above; {@code oneByOne}: asks the publisher for one more event after each one taken. */
    List<Record> records(int count, List<SubscribeToShardEvent> seen, boolean oneByOne) throws Exception {
        List<Record> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
        while (out.size() < count) {
            SubscribeToShardEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(e, "only " + out.size() + " of " + count + " records within " + WAIT_SECONDS + " s");
            seen.add(e);
            out.addAll(e.records());
            if (oneByOne) {
                subscription.get(WAIT_SECONDS, TimeUnit.SECONDS).request(1);
            }
        }
        return out;
    }

    List<Record> records(int count) throws Exception {
        return records(count, new ArrayList<>());
    }

    /** The call's outcome: null when it completed normally, else the error (unwrapped). */
    Throwable outcome() throws Exception {
        try {
            done.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }
    }

    void cancel() throws Exception {
        subscription.get(WAIT_SECONDS, TimeUnit.SECONDS).cancel();
    }
}
