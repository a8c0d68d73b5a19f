package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.StreamRef;
import sluice.common.ManualClock;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;

/** The service on the memory engine with a manual clock: lifecycle states and lane hops. */
class KinesisServiceTest {
    private static final KinesisContext CONTEXT = new KinesisContext(new Scope("000000000000", "us-east-1"));

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Lanes lanes = new Lanes(2);
    private final KinesisService service = new KinesisService(new MemoryEngine(), lanes, clock, new byte[32], Duration.ofMillis(500));

    @AfterEach
    void close() {
        lanes.close();
    }

    private KinesisResult run(KinesisRequest request) {
        CompletableFuture<KinesisResult> f = service.execute(CONTEXT, request);
        return f.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private KinesisError failure(KinesisRequest request) {
        CompletionException e = assertThrows(CompletionException.class, () -> run(request));
        return ((KinesisException) e.getCause()).error();
    }

    @Test
    void streamsAreCreatingUntilTheClockPassesTheActivationDelay() {
        run(new KinesisRequest.CreateStream("s", 2, null, null));
        StreamRef s = new StreamRef("s", null);
        assertEquals("CREATING", ((KinesisResult.StreamSummary) run(new KinesisRequest.DescribeStreamSummary(s))).streamStatus());
        assertEquals(KinesisError.RESOURCE_IN_USE,
                failure(new KinesisRequest.PutRecord(s, new byte[] {1}, "k", null, null)));
        clock.advance(Duration.ofMillis(500));
        assertEquals("ACTIVE", ((KinesisResult.StreamSummary) run(new KinesisRequest.DescribeStreamSummary(s))).streamStatus());
        run(new KinesisRequest.PutRecord(s, new byte[] {1}, "k", null, null));
    }

    @Test
    void createStreamEnforcesTheAccountShardLimit() {
        run(new KinesisRequest.CreateStream("big", 400, null, null));
        assertEquals(KinesisError.LIMIT_EXCEEDED, failure(new KinesisRequest.CreateStream("more", 101, null, null)));
        assertEquals(KinesisError.VALIDATION, failure(new KinesisRequest.CreateStream("bad name!", 1, null, null)));
        KinesisResult.StreamSummary onDemand;
        run(new KinesisRequest.CreateStream("od", null, null, null));
        onDemand = (KinesisResult.StreamSummary) run(new KinesisRequest.DescribeStreamSummary(new StreamRef("od", null)));
        assertEquals("ON_DEMAND", onDemand.streamMode());
        assertEquals(4, onDemand.openShardCount());
    }
}
