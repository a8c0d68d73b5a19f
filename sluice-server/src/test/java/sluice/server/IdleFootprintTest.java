package sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.server.http.InboundRequest;
import sluice.server.http.OutboundResponse;
import sluice.server.http.RequestHandler;

/** The idle release runs once after load stops, not at start, not again until new load, not under load. */
class IdleFootprintTest {
    private static final Duration CHECK = Duration.ofMillis(20);
    private static final int QUIET_CHECKS = 10;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger releases = new AtomicInteger();
    private final RequestHandler ok = new RequestHandler() {
        @Override
        public CompletableFuture<OutboundResponse> handle(InboundRequest request) {
            return CompletableFuture.completedFuture(OutboundResponse.text(200, "text/plain", "ok"));
        }

        @Override
        public OutboundResponse bodyTooLarge(InboundRequest headersOnly, long limitBytes) {
            return OutboundResponse.text(413, "text/plain", "too large");
        }
    };
    private final IdleFootprint idle = new IdleFootprint(ok, timer, CHECK, QUIET_CHECKS, releases::incrementAndGet);

    @AfterEach
    void stop() {
        idle.stop();
        timer.shutdownNow();
    }

    private static InboundRequest request() {
        return new InboundRequest("GET", "/", "", Map.of(), new byte[0], "127.0.0.1", false, Runnable::run);
    }

    private void awaitReleases(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (releases.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, releases.get());
    }

    /** Long enough for a release to have run had it been due. */
    private static void quietPeriod() throws InterruptedException {
        Thread.sleep(CHECK.toMillis() * QUIET_CHECKS * 3);
    }

    @Test
    void releasesOnceAfterLoadStopsAndAgainOnlyAfterNewLoad() throws Exception {
        quietPeriod();
        assertEquals(0, releases.get(), "a server that served nothing has nothing to give back");
        assertEquals(200, idle.handle(request()).join().status());
        awaitReleases(1);
        quietPeriod();
        assertEquals(1, releases.get(), "without new load, releasing again is useless");
        idle.handle(request()).join();
        awaitReleases(2);
    }

    @Test
    void doesNotReleaseWhileRequestsKeepArriving() throws Exception {
        idle.handle(request()).join();
        awaitReleases(1);
        long until = System.nanoTime() + CHECK.toNanos() * QUIET_CHECKS * 3;
        while (System.nanoTime() < until) {
            idle.handle(request()).join();
            Thread.sleep(2);
        }
        assertEquals(1, releases.get());
        awaitReleases(2);
    }
}
