package sluice.storage.rocksdb;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;

/**
 * Group commit: one thread drains every pending {@link Batch}, writes them all with one call (one
 * WAL sync with {@link Durability#FSYNC}), then completes their futures.
 *
 * <p>What must always hold:
 * <ul>
 *   <li>batches are written in submission order, and a future completes normally only after the
 *       write holding its batch has returned;</li>
 *   <li>{@link #fail} is the one escalation path: once failed, nothing more is written; the batch
 *       that failed, everything queued behind it and every later submission fail with
 *       {@link EngineFailedException}, and the failure listeners run once;</li>
 *   <li>the queue holds at most {@code maxQueuedBytes} (or one batch larger than that): submitters
 *       wait for room, except the committer thread itself (a callback run by a completion must
 *       never wait on the thread that runs it);</li>
 *   <li>after {@link #close} returns, every batch accepted before it has been written or failed.</li>
 * </ul>
 * Futures are completed on the committer thread: dependents that do real work must be async.
 */
final class GroupCommitter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    /** Writes batches as one atomic write; called by the committer thread only. */
    interface Writer {
        void write(List<Batch> batches) throws RocksDBException;
    }

    private record Pending(Batch batch, CompletableFuture<Void> done) {
    }

    private final Writer writer;
    private final long maxQueuedBytes;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final List<Consumer<? super Throwable>> listeners = new CopyOnWriteArrayList<>();
    private long queuedBytes;
    private boolean closed;
    private CompletableFuture<Void> last;
    private volatile Throwable failure;

    GroupCommitter(String name, Writer writer, long maxQueuedBytes) {
        this.writer = writer;
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a batch; the future completes once it is written as the durability setting defines. */
    CompletableFuture<Void> submit(Batch batch) {
        boolean mayWait = Thread.currentThread() != thread;
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    return CompletableFuture.failedFuture(new EngineFailedException(failure));
                }
                if (closed) {
                    return CompletableFuture.failedFuture(new IllegalStateException("the RocksDB engine is closed"));
                }
                if (!mayWait || queue.isEmpty() || queuedBytes + batch.bytes() <= maxQueuedBytes) {
                    break;
                }
                notFull.awaitUninterruptibly();
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            queue.add(new Pending(batch, done));
            queuedBytes += batch.bytes();
            last = done;
            notEmpty.signal();
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** Completes once everything submitted so far is written (or fails if the engine failed). */
    CompletableFuture<Void> barrier() {
        lock.lock();
        try {
            if (failure != null) {
                return CompletableFuture.failedFuture(new EngineFailedException(failure));
            }
            return last == null || last.isDone() ? CompletableFuture.completedFuture(null) : last.copy();
        } finally {
            lock.unlock();
        }
    }

    /** The failure that stopped the engine, or null while it is healthy. */
    Throwable failure() {
        return failure;
    }

    /** Runs {@code listener} once when the engine fails (at once if it already has). */
    void onFailure(Consumer<? super Throwable> listener) {
        listeners.add(listener);
        Throwable f = failure;
        if (f != null && listeners.remove(listener)) {
            listener.accept(f);
        }
    }

    /**
     * Puts the engine into the failed state: nothing more is written, every queued batch fails. The
     * one escalation path for a write, read or sync that failed; the first cause wins.
     */
    void fail(Throwable cause) {
        List<Pending> dropped;
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            failure = cause;
            dropped = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.log(Level.ERROR, "RocksDB storage engine failed; it accepts no more writes", cause);
        EngineFailedException failed = new EngineFailedException(cause);
        for (Pending p : dropped) {
            p.done.completeExceptionally(failed);
        }
        for (Consumer<? super Throwable> listener : listeners) {
            if (listeners.remove(listener)) {
                try {
                    listener.accept(cause);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a storage failure listener threw", e);
                }
            }
        }
    }

    /** Stops accepting, writes everything accepted, and waits for the committer thread to end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> drained = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    notEmpty.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                drained.addAll(queue);
                queue.clear();
                queuedBytes = 0;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            commit(drained);
            drained.clear();
        }
    }

    private void commit(List<Pending> drained) {
        Throwable error = failure;
        if (error == null) {
            List<Batch> batches = new ArrayList<>(drained.size());
            for (Pending p : drained) {
                batches.add(p.batch);
            }
            try {
                writer.write(batches);
            } catch (Throwable t) {
                error = t;
                fail(t);
            }
        }
        if (error == null) {
            for (Pending p : drained) {
                p.done.complete(null);
            }
        } else {
            EngineFailedException failed = new EngineFailedException(failure);
            for (Pending p : drained) {
                p.done.completeExceptionally(failed);
            }
        }
    }
}
