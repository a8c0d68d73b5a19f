package sluice.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import sluice.storage.rocksdb.Batch.Cf;

/** The committer alone, over a fake writer: ordering, grouping, failure and back-pressure. */
class GroupCommitterTest {
    private final List<List<Batch>> writes = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch writing = new CountDownLatch(1);
    private GroupCommitter committer;

    @AfterEach
    void close() {
        release.countDown();
        if (committer != null) {
            committer.close();
        }
    }

    /** A writer that records what it writes, holding the first write until {@link #release}. */
    private GroupCommitter.Writer holdingFirstWrite(boolean failFirst) {
        return batches -> {
            synchronized (writes) {
                writes.add(List.copyOf(batches));
            }
            if (writing.getCount() > 0) {
                writing.countDown();
                await(release);
                if (failFirst) {
                    throw new RocksDBException("disk on fire");
                }
            }
        };
    }

    @Test
    void everythingQueuedDuringAWriteGoesOutAsOneWriteInOrder() {
        committer = new GroupCommitter("test-committer", holdingFirstWrite(false), Long.MAX_VALUE);
        Batch first = batch(1);
        CompletableFuture<Void> f1 = committer.submit(first);
        await(writing);
        List<Batch> queued = List.of(batch(2), batch(3), batch(4));
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (Batch b : queued) {
            later.add(committer.submit(b));
        }
        CompletableFuture<Void> barrier = committer.barrier();
        assertTrue(!f1.isDone() && !barrier.isDone());

        release.countDown();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
        f1.join();
        barrier.orTimeout(10, TimeUnit.SECONDS).join();
        synchronized (writes) {
            assertEquals(List.of(List.of(first), queued), writes);
        }
        assertTrue(committer.barrier().isDone());
    }

    @Test
    @QuietLogs
    void aFailedWriteFailsItsBatchEverythingQueuedAndEveryLaterWrite() {
        committer = new GroupCommitter("test-committer", holdingFirstWrite(true), Long.MAX_VALUE);
        AtomicReference<Throwable> reported = new AtomicReference<>();
        AtomicInteger reports = new AtomicInteger();
        committer.onFailure(t -> {
            reported.set(t);
            reports.incrementAndGet();
        });
        CompletableFuture<Void> failing = committer.submit(batch(1));
        await(writing);
        CompletableFuture<Void> queued = committer.submit(batch(2));
        release.countDown();

        EngineFailedException first = failure(failing);
        assertInstanceOf(RocksDBException.class, first.getCause());
        assertSame(first.getCause(), failure(queued).getCause());
        assertSame(first.getCause(), failure(committer.submit(batch(3))).getCause());
        assertSame(first.getCause(), failure(committer.barrier()).getCause());
        assertSame(first.getCause(), committer.failure());
        assertSame(first.getCause(), reported.get());
        assertEquals(1, reports.get());
        synchronized (writes) {
            assertEquals(1, writes.size(), "nothing is written after a failure");
        }

        AtomicReference<Throwable> late = new AtomicReference<>();
        committer.onFailure(late::set);
        assertSame(first.getCause(), late.get());
    }

    @Test
    void aFullQueueHoldsWritersBackUntilTheCommitterDrainsIt() throws InterruptedException {
        committer = new GroupCommitter("test-committer", holdingFirstWrite(false), 1);
        CompletableFuture<Void> f1 = committer.submit(batch(1));
        await(writing);
        CompletableFuture<Void> f2 = committer.submit(batch(2));
        AtomicReference<CompletableFuture<Void>> f3 = new AtomicReference<>();
        Thread writer = new Thread(() -> f3.set(committer.submit(batch(3))), "test-writer");
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the writer never waited for room");
            Thread.onSpinWait();
        }
        assertNull(f3.get());

        release.countDown();
        writer.join();
        CompletableFuture.allOf(f1, f2, f3.get()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void closeWritesEverythingAcceptedThenRejects() {
        committer = new GroupCommitter("test-committer", holdingFirstWrite(false), Long.MAX_VALUE);
        CompletableFuture<Void> f1 = committer.submit(batch(1));
        await(writing);
        CompletableFuture<Void> f2 = committer.submit(batch(2));
        release.countDown();
        committer.close();
        assertTrue(f1.isDone() && !f1.isCompletedExceptionally());
        assertTrue(f2.isDone() && !f2.isCompletedExceptionally());
        CompletableFuture<Void> after = committer.submit(batch(3));
        assertInstanceOf(IllegalStateException.class, assertThrows(CompletionException.class, after::join).getCause());
    }

    private static Batch batch(long n) {
        return new Batch().put(Cf.STATE, Keys.queue(n), new byte[] {1});
    }

    private static EngineFailedException failure(CompletableFuture<Void> future) {
        CompletionException e = assertThrows(CompletionException.class, () -> future.orTimeout(10, TimeUnit.SECONDS).join());
        return assertInstanceOf(EngineFailedException.class, e.getCause());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
