package sluice.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import sluice.core.storage.StorageEngine;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/**
 * Shrinks the server's memory once load has stopped, so a server that served a burst idles as small
 * as one that just started. A handler in front of the router counts requests; when none arrived for
 * a few checks in a row after some did, the release runs once: in the server, the engine gives back
 * its write buffers and one full collection runs, after which the JVM returns the unused heap
 * (bin/sluice sizes the heap to shrink: no fixed young generation, {@code -XX:-ShrinkHeapInSteps}).
 * Idle means no request at all: a parked long poll arrived before, and a running timer is not load.
 */
final class IdleFootprint implements RequestHandler {
    private static final System.Logger LOG = System.getLogger(IdleFootprint.class.getName());

    private final RequestHandler handler;
    private final int quietChecksToRelease;
    private final Runnable release;
    private final LongAdder requests = new LongAdder();
    private final ScheduledFuture<?> checks;
    /** The request count at the last check, and for how many checks in a row it stayed so. */
    private long seen;
    private int quietChecks;
    /** The request count when memory was last released (releasing again before new load is useless). */
    private long releasedAt;

    /** Checks every {@code checkEvery}; releases after {@code quietChecksToRelease} checks without a request. */
    IdleFootprint(RequestHandler handler, ScheduledExecutorService timer, Duration checkEvery, int quietChecksToRelease,
                  Runnable release) {
        this.handler = handler;
        this.quietChecksToRelease = quietChecksToRelease;
        this.release = release;
        long period = checkEvery.toMillis();
        this.checks = timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** The server's: after 30 s without requests, the engine's write buffers go and the heap shrinks. */
    static IdleFootprint forServer(RequestHandler handler, StorageEngine engine, ScheduledExecutorService timer) {
        return new IdleFootprint(handler, timer, Duration.ofSeconds(10), 3, () -> {
            engine.releaseIdleMemory();
            System.gc();
        });
    }

    @Override
    public CompletableFuture<OutboundResponse> handle(InboundRequest request) {
        requests.increment();
        return handler.handle(request);
    }

    @Override
    public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
        return handler.bodyTooLarge(headersOnly, limitBytes);
    }

    /** Runs on the timer; the release itself runs on a virtual thread, so timers are not held up by it. */
    private void check() {
        long now = requests.sum();
        if (now != seen) {
            seen = now;
            quietChecks = 0;
            return;
        }
        quietChecks++;
        if (quietChecks >= quietChecksToRelease && now != releasedAt) {
            releasedAt = now;
            Thread.ofVirtual().name("sluice-idle-release").start(this::runRelease);
        }
    }

    private void runRelease() {
        try {
            release.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "releasing memory while idle failed", e);
        }
    }

    void stop() {
        checks.cancel(false);
    }
}
