package sluice.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor lanes that own resources (ARCHITECTURE §5): a fixed set of single-threaded
 * executors, and each queue (later each shard, each delivery stream) is pinned to one by the hash
 * of its id, so its state is only ever touched by one thread and needs no locks. One scheduler
 * thread serves every timer (long-poll deadlines, visibility wake-ups, retention sweeps); timer
 * tasks only hop back onto the owning lane.
 */
public final class Lanes implements AutoCloseable {
    private final ExecutorService[] lanes;
    private final ScheduledExecutorService timer;

    public Lanes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane is needed");
        }
        lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(named("sluice-lane-" + i));
        }
        timer = Executors.newSingleThreadScheduledExecutor(named("sluice-timer"));
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code step} on {@code lane} and completes the result with the step's future, or fails it
     * with {@code gone}'s error when the resource went away before the step ran, or with whatever
     * the step threw.
     */
    public static <T> java.util.concurrent.CompletableFuture<T> run(java.util.concurrent.Executor lane,
            java.util.function.Supplier<? extends RuntimeException> gone, java.util.function.BooleanSupplier isGone,
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> step) {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        lane.execute(() -> {
            try {
                if (isGone.getAsBoolean()) {
                    result.completeExceptionally(gone.get());
                    return;
                }
                step.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The lane that owns the resource with this id. */
    public ExecutorService laneFor(long id) {
        return lanes[(int) Math.floorMod(Long.hashCode(id * 0x9E3779B97F4A7C15L), (long) lanes.length)];
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
