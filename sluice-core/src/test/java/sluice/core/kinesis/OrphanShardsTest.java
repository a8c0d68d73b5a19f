package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisRequest;
import sluice.common.ManualClock;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;
import sluice.core.storage.ShardStore;

/** At start, shards that no stream names (left by a crash in DeleteStream) are deleted; the streams' own stay. */
class OrphanShardsTest {
    private static final KinesisContext CONTEXT = new KinesisContext(new Scope("000000000000", "us-east-1"));

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Lanes lanes = new Lanes(1);
    private final MemoryEngine engine = new MemoryEngine();

    @AfterEach
    void close() {
        lanes.close();
    }

    @Test
    void shardsOfNoStreamAreDeletedAtStart() {
        new KinesisService(engine, lanes, clock, new byte[32], Duration.ZERO)
                .execute(CONTEXT, new KinesisRequest.CreateStream("kept", 2, null, null)).join();
        ShardStore orphan = engine.openShard(KinesisStream.shardKey(999, 0));
        orphan.append(List.of(new ShardStore.NewRecord(clock.millis(), "k", "left".getBytes(StandardCharsets.UTF_8))))
                .durable().orTimeout(10, TimeUnit.SECONDS).join();
        Set<String> before = engine.shardKeys();

        new KinesisService(engine, lanes, clock, new byte[32], Duration.ZERO);

        Set<String> after = engine.shardKeys();
        assertEquals(false, after.contains(KinesisStream.shardKey(999, 0)), after.toString());
        assertEquals(before.size() - 1, after.size(), "only the orphan goes: " + before + " -> " + after);
    }
}
