package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import sluice.api.kinesis.Shard;
import sluice.api.kinesis.StreamRef;
import sluice.common.ManualClock;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;

/** Resharding in the service with an activation delay: UPDATING, and the version 1 metadata record. */
class KinesisReshardingServiceTest {
    private static final KinesisContext CONTEXT = new KinesisContext(new Scope("000000000000", "us-east-1"));
    private static final StreamRef S = new StreamRef("s", null);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Lanes lanes = new Lanes(2);
    private final MemoryEngine engine = new MemoryEngine();

    @AfterEach
    void close() {
        lanes.close();
    }

    private static KinesisResult run(KinesisService service, KinesisRequest request) {
        CompletableFuture<KinesisResult> f = service.execute(CONTEXT, request);
        return f.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static KinesisException failure(KinesisService service, KinesisRequest request) {
        CompletionException e = assertThrows(CompletionException.class, () -> run(service, request));
        return (KinesisException) e.getCause();
    }

    private static String status(KinesisService service) {
        return ((KinesisResult.StreamSummary) run(service, new KinesisRequest.DescribeStreamSummary(S))).streamStatus();
    }

    @Test
    void aReshardLeavesTheStreamUpdatingForTheActivationDelayAndRefusesAnotherMeanwhile() {
        KinesisService service = new KinesisService(engine, lanes, clock, new byte[32], Duration.ofMillis(500));
        run(service, new KinesisRequest.CreateStream("s", 2, null, null));
        clock.advance(Duration.ofMillis(500));
        run(service, new KinesisRequest.SplitShard(S, "shardId-000000000000", BigInteger.TEN.toString()));
        assertEquals("UPDATING", status(service));
        KinesisException busy = failure(service, new KinesisRequest.MergeShards(S, "shardId-000000000002", "shardId-000000000003"));
        assertEquals(KinesisError.RESOURCE_IN_USE, busy.error());
        assertEquals("Stream s under account 000000000000 not ACTIVE, instead in state UPDATING", busy.getMessage());
        KinesisResult.PutRecord put = (KinesisResult.PutRecord) run(service,
                new KinesisRequest.PutRecord(S, new byte[] {1}, "k", "5", null));
        assertEquals("shardId-000000000002", put.shardId(), "records go to the children while UPDATING");
        clock.advance(Duration.ofMillis(500));
        assertEquals("ACTIVE", status(service));
        run(service, new KinesisRequest.MergeShards(S, "shardId-000000000002", "shardId-000000000003"));
    }

    @Test
    void aVersionOneStreamRecordReadsAsEvenOpenShards() {
        String v1 = "{\"v\":1,\"id\":7,\"account\":\"000000000000\",\"region\":\"us-east-1\",\"name\":\"s\",\"createdAt\":1,"
                + "\"activeAt\":1,\"shards\":3,\"mode\":\"PROVISIONED\",\"retentionHours\":24,\"tags\":{},\"metrics\":[],"
                + "\"encryptionType\":\"NONE\",\"keyId\":null,\"consumers\":{}}";
        engine.putRecord(KinesisStream.NAMESPACE, "000000000000/us-east-1/s", v1.getBytes(StandardCharsets.UTF_8)).join();
        KinesisService service = new KinesisService(engine, lanes, clock, new byte[32], Duration.ZERO);
        List<Shard> shards = ((KinesisResult.ShardList) run(service, new KinesisRequest.ListShards(S, null, null, null))).shards();
        assertEquals(3, shards.size());
        assertEquals(HashKeys.start(1, 3).toString(), shards.get(1).startingHashKey());
        assertEquals(SequenceNumbers.of(7, 2, 0), shards.get(2).startingSequenceNumber());
        run(service, new KinesisRequest.SplitShard(S, "shardId-000000000002", HashKeys.start(2, 3).add(BigInteger.TEN).toString()));
        KinesisService restarted = new KinesisService(engine, lanes, clock, new byte[32], Duration.ZERO);
        List<Shard> after = ((KinesisResult.ShardList) run(restarted, new KinesisRequest.ListShards(S, null, null, null))).shards();
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003",
                "shardId-000000000004"), after.stream().map(Shard::shardId).toList());
        assertEquals("shardId-000000000002", after.get(4).parentShardId());
    }
}
