package sluice.it.simulation;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import sluice.api.sqs.SqsContext;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.common.ManualClock;
import sluice.common.Randomness;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.sqs.SqsService;
import sluice.storage.rocksdb.Durability;
import sluice.storage.rocksdb.RocksDbEngine;

/**
 * The system under test, without HTTP: an {@link SqsService} over a {@link RocksDbEngine} in one
 * directory, on a {@link ManualClock}. A restart closes the lanes and the engine and opens both
 * again on the same directory, with the same receipt key, as a server restart would.
 */
final class SimulatedServer implements AutoCloseable {
    static final SqsContext CONTEXT = new SqsContext(new Scope("000000000000", "us-east-1"), "http://localhost:4566");
    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final Path dir;
    private final Durability durability;
    private final ManualClock clock;
    private final long seed;
    private final byte[] receiptKey;
    private int generation;
    private Lanes lanes;
    private RocksDbEngine engine;
    private SqsService service;

    SimulatedServer(Path dir, Durability durability, ManualClock clock, long seed) {
        this.dir = dir;
        this.durability = durability;
        this.clock = clock;
        this.seed = seed;
        this.receiptKey = new byte[32];
        Randomness.seeded(seed ^ 0x5EC12E7L).nextBytes(receiptKey);
        open();
    }

    private void open() {
        engine = RocksDbEngine.open(dir, durability);
        lanes = new Lanes(2);
        // a fresh stream per generation: reusing the seed would mint the same message ids again
        service = new SqsService(engine, lanes, clock, Randomness.seeded(seed * 31 + generation), receiptKey);
    }

    void restart() {
        close();
        generation++;
        open();
    }

    /** What a request came to: a result, or the AWS error it was answered with. */
    record Outcome(SqsResult result, SqsException error) {
        boolean ok() {
            return error == null;
        }

        <T extends SqsResult> T as(Class<T> type) {
            if (error != null) {
                throw new IllegalStateException("expected " + type.getSimpleName() + " but got " + error.error() + ": " + error.getMessage());
            }
            return type.cast(result);
        }

        String describe() {
            return ok() ? "ok" : error.error().shape();
        }
    }

    /** Runs one request to completion; an internal failure or a hang is a {@link Invariant#LIVENESS} violation. */
    Outcome call(SqsRequest request) {
        return await(request, start(request));
    }

    /** Sends a request without waiting for its answer (a long poll to park before another request). */
    CompletableFuture<SqsResult> start(SqsRequest request) {
        try {
            return service.execute(CONTEXT, request);
        } catch (RuntimeException e) {
            throw new Invariant.Violation(Invariant.LIVENESS, request.operation() + " threw: " + e, e);
        }
    }

    Outcome await(SqsRequest request, CompletableFuture<SqsResult> answer) {
        try {
            return new Outcome(answer.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof SqsException sqs) {
                return new Outcome(null, sqs);
            }
            throw new Invariant.Violation(Invariant.LIVENESS, request.operation() + " failed internally: " + cause, cause);
        } catch (TimeoutException e) {
            throw new Invariant.Violation(Invariant.LIVENESS, request.operation() + " did not complete in "
                    + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (lanes != null) {
            lanes.close();
            lanes = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
        service = null;
    }
}
