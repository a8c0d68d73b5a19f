package sluice.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis load of {@link KinesisBenchmark} against one stream: a put phase (producer threads
 * sending PutRecords of {@code batch} records of {@code recordBytes} random bytes, random partition
 * keys, as fast as they can), then a read phase (one reader per shard, GetRecords from
 * TRIM_HORIZON until it has caught up). Every phase stops by itself.
 */
final class KinesisWorkload {
    private final KinesisClient client;
    private final String stream;
    private final int producers;
    private final int batch;
    private final int recordBytes;

    /** What one phase did: records and data bytes moved while measured, calls, their latency, failures. */
    record Phase(long records, long bytes, long calls, long failedRecords, long errors, double seconds,
                 LatencyHistogram latency, String firstError) {
        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }

        double megabytesPerSecond() {
            return seconds > 0 ? bytes / seconds / 1e6 : 0;
        }
    }

    KinesisWorkload(KinesisClient client, String stream, int producers, int batch, int recordBytes) {
        this.client = client;
        this.stream = stream;
        this.producers = producers;
        this.batch = batch;
        this.recordBytes = recordBytes;
    }

    /** Producers put for {@code warmup} (unmeasured, the records still count as put), then for {@code measured}. */
    Phase put(Duration warmup, Duration measured, AtomicLong recordsPut) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<Phase>> work = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long seed = p;
            work.add(pool.submit(() -> produce(new Random(seed), measureFrom, end, recordsPut)));
        }
        Phase total = join(pool, work, Duration.ofNanos(end - start).plusSeconds(120));
        return new Phase(total.records(), total.bytes(), total.calls(), total.failedRecords(), total.errors(),
                measured.toNanos() / 1e9, total.latency(), total.firstError());
    }

    private Phase produce(Random random, long measureFrom, long end, AtomicLong recordsPut) {
        byte[] data = new byte[recordBytes];
        random.nextBytes(data);
        SdkBytes payload = SdkBytes.fromByteArrayUnsafe(data);
        LatencyHistogram latency = new LatencyHistogram();
        long records = 0;
        long calls = 0;
        long failed = 0;
        long errors = 0;
        String firstError = null;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                entries.add(PutRecordsRequestEntry.builder().partitionKey(Long.toHexString(random.nextLong())).data(payload).build());
            }
            long sent = System.nanoTime();
            try {
                PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(entries));
                long answered = System.nanoTime();
                int failedHere = response.failedRecordCount() == null ? 0 : response.failedRecordCount();
                recordsPut.addAndGet(batch - failedHere);
                if (answered >= measureFrom && answered <= end) {
                    long took = answered - sent;
                    latency.record(took);
                    calls++;
                    records += batch - failedHere;
                    failed += failedHere;
                }
            } catch (RuntimeException e) {
                errors++;
                if (firstError == null) {
                    firstError = e.getMessage();
                }
                sleepQuietly(50);
            }
        }
        return new Phase(records, records * recordBytes, calls, failed, errors, 0, latency, firstError);
    }

    /** One reader per shard from TRIM_HORIZON until each has caught up (or {@code limit} passed). */
    Phase readAll(Duration limit) throws InterruptedException {
        List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
        ExecutorService pool = Executors.newFixedThreadPool(shards.size());
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<Future<Phase>> work = new ArrayList<>();
        for (Shard shard : shards) {
            work.add(pool.submit(() -> read(shard.shardId(), deadline)));
        }
        Phase total = join(pool, work, limit.plusSeconds(60));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(total.records(), total.bytes(), total.calls(), 0, total.errors(), seconds, total.latency(), total.firstError());
    }

    private Phase read(String shardId, long deadline) {
        LatencyHistogram latency = new LatencyHistogram();
        long records = 0;
        long bytes = 0;
        long calls = 0;
        long errors = 0;
        String firstError = null;
        String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (System.nanoTime() < deadline && iterator != null) {
            String at = iterator;
            long sent = System.nanoTime();
            try {
                GetRecordsResponse response = client.getRecords(b -> b.shardIterator(at).limit(10_000));
                latency.record(System.nanoTime() - sent);
                calls++;
                records += response.records().size();
                for (var r : response.records()) {
                    bytes += r.data().asByteBuffer().remaining();
                }
                iterator = response.nextShardIterator();
                Long behind = response.millisBehindLatest();
                if (response.records().isEmpty() && (behind == null || behind == 0)) {
                    break;
                }
            } catch (RuntimeException e) {
                errors++;
                if (firstError == null) {
                    firstError = e.getMessage();
                }
                sleepQuietly(200);
            }
        }
        return new Phase(records, bytes, calls, 0, errors, 0, latency, firstError);
    }

    private static Phase join(ExecutorService pool, List<Future<Phase>> work, Duration limit) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("the load threads did not stop in " + limit);
        }
        LatencyHistogram latency = new LatencyHistogram();
        long records = 0;
        long bytes = 0;
        long calls = 0;
        long failed = 0;
        long errors = 0;
        String firstError = null;
        for (Future<Phase> f : work) {
            Phase p;
            try {
                p = f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                errors++;
                firstError = firstError == null ? String.valueOf(e.getCause()) : firstError;
                continue;
            }
            latency.add(p.latency());
            records += p.records();
            bytes += p.bytes();
            calls += p.calls();
            failed += p.failedRecords();
            errors += p.errors();
            firstError = firstError == null ? p.firstError() : firstError;
        }
        return new Phase(records, bytes, calls, failed, errors, 0, latency, firstError);
    }

    static byte[] stamped(int size) {
        byte[] data = new byte[Math.max(8, size)];
        ByteBuffer.wrap(data).putLong(System.nanoTime());
        return data;
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
