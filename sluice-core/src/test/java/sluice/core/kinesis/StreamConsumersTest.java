package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.common.ManualClock;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;

/** AWS's consumer limits: 20 per stream, and at most 5 in CREATING at the same time. */
class StreamConsumersTest {
    private static final KinesisContext CONTEXT = new KinesisContext(new Scope("000000000000", "us-east-1"));
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/s";

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Lanes lanes = new Lanes(1);
    private final KinesisService service = new KinesisService(new MemoryEngine(), lanes, clock, new byte[32], Duration.ofSeconds(5));

    @AfterEach
    void close() {
        lanes.close();
    }

    private KinesisResult.Consumer register(String name) {
        return (KinesisResult.Consumer) service.execute(CONTEXT, new KinesisRequest.RegisterStreamConsumer(STREAM_ARN, name, null)).join();
    }

    private KinesisException refusal(String name) {
        CompletionException e = assertThrows(CompletionException.class, () -> register(name));
        return (KinesisException) e.getCause();
    }

    @Test
    void atMostFiveConsumersAreCreatingAndTwentyRegistered() {
        service.execute(CONTEXT, new KinesisRequest.CreateStream("s", 1, null, null)).join();
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            assertEquals("CREATING", register("c" + i).consumerStatus());
        }
        KinesisException sixth = refusal("c5");
        assertEquals(KinesisError.LIMIT_EXCEEDED, sixth.error());
        assertEquals("Stream " + STREAM_ARN + " under account 000000000000 already has 5 consumers in CREATING status;"
                + " at most 5 can be created at the same time.", sixth.getMessage());

        clock.advance(Duration.ofSeconds(5));
        for (int i = 5; i < 20; i += 5) {
            for (int j = i; j < i + 5; j++) {
                register("c" + j);
            }
            clock.advance(Duration.ofSeconds(5));
        }
        KinesisException overTwenty = refusal("c20");
        assertEquals(KinesisError.LIMIT_EXCEEDED, overTwenty.error());
        assertEquals("Consumer limit of 20 reached for stream " + STREAM_ARN + ".", overTwenty.getMessage());
    }
}
