package sluice.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * The put → SubscribeToShard event latency phase of {@link KinesisBenchmark}: an enhanced fan-out
 * consumer subscribes to every shard (async SDK client, HTTP/2), one producer puts single records
 * carrying the client's {@link System#nanoTime()} at a steady pace, and each record's latency is
 * the time from just before its PutRecord until its event arrived.
 */
final class SubscribeLatency {
    private SubscribeLatency() {
    }

    /** Latencies of every record received, or a failure saying why the phase could not run. */
    record Result(LatencyHistogram latency, long put, long received, String failure) {
    }

    static Result measurePutToEventLatency(KinesisClient client, KinesisAsyncClient async, String stream,
                                           Duration duration, int perSecond) throws InterruptedException {
        String streamArn = client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
        String consumerArn = client.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("bench-latency")).consumer().consumerARN();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription().consumerStatus() != ConsumerStatus.ACTIVE) {
            if (System.nanoTime() > until) {
                return new Result(new LatencyHistogram(), 0, 0, "the consumer did not become ACTIVE in 30 s");
            }
            Thread.sleep(50);
        }
        List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
        LatencyHistogram latency = new LatencyHistogram();
        long[] received = {0};
        CountDownLatch started = new CountDownLatch(shards.size());
        CompletableFuture<?>[] subscriptions = new CompletableFuture<?>[shards.size()];
        for (int i = 0; i < shards.size(); i++) {
            String shardId = shards.get(i).shardId();
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .onResponse(response -> started.countDown())
                    .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                            .onSubscribeToShardEvent(e -> record(e, latency, received)).build())
                    .build();
            subscriptions[i] = async.subscribeToShard(b -> b.consumerARN(consumerArn).shardId(shardId)
                    .startingPosition(p -> p.type(ShardIteratorType.LATEST)), handler);
        }
        if (!started.await(15, TimeUnit.SECONDS)) {
            for (CompletableFuture<?> s : subscriptions) {
                if (s.isCompletedExceptionally()) {
                    return new Result(latency, 0, 0, "SubscribeToShard failed: " + s.exceptionNow());
                }
            }
            return new Result(latency, 0, 0, "SubscribeToShard sent no initial response in 15 s");
        }
        long put = 0;
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        long end = next + duration.toNanos();
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            byte[] data = KinesisWorkload.stamped(100);
            client.putRecord(b -> b.streamName(stream).partitionKey(Long.toHexString(System.nanoTime()))
                    .data(SdkBytes.fromByteArrayUnsafe(data)));
            put++;
            next += interval;
        }
        Thread.sleep(1000);
        for (CompletableFuture<?> s : subscriptions) {
            s.cancel(true);
        }
        synchronized (latency) {
            return new Result(latency, put, received[0], null);
        }
    }

    private static void record(SubscribeToShardEvent event, LatencyHistogram latency, long[] received) {
        long now = System.nanoTime();
        synchronized (latency) {
            for (var r : event.records()) {
                ByteBuffer data = r.data().asByteBuffer();
                if (data.remaining() >= 8) {
                    latency.record(now - data.getLong());
                    received[0]++;
                }
            }
        }
    }
}
