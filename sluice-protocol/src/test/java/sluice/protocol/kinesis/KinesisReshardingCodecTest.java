package sluice.protocol.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.ChildShard;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.StreamRef;

/** The resharding operations, ListShards' ShardFilter, ChildShards and per-record EncryptionType on the wire. */
class KinesisReshardingCodecTest {
    private final KinesisCodec codec = new KinesisCodec();
    private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    private final ObjectMapper json = new ObjectMapper();

    private KinesisRequest json(String operation, String body) {
        return codec.decode(operation, body.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void splitMergeAndUpdateShardCountDecode() {
        assertEquals(new KinesisRequest.SplitShard(new StreamRef("s", null), "shardId-000000000000", "12"),
                json("SplitShard", "{\"StreamName\":\"s\",\"ShardToSplit\":\"shardId-000000000000\",\"NewStartingHashKey\":\"12\"}"));
        assertEquals(new KinesisRequest.MergeShards(new StreamRef(null, "arn"), "a", "b"),
                json("MergeShards", "{\"StreamARN\":\"arn\",\"ShardToMerge\":\"a\",\"AdjacentShardToMerge\":\"b\"}"));
        assertEquals(new KinesisRequest.UpdateShardCount(new StreamRef("s", null), 4, "UNIFORM_SCALING"),
                json("UpdateShardCount", "{\"StreamName\":\"s\",\"TargetShardCount\":4,\"ScalingType\":\"UNIFORM_SCALING\"}"));
    }

    @Test
    void shardFilterTimestampsAreSecondsInJsonAndMillisInCbor() throws Exception {
        KinesisRequest.ListShards fromJson = (KinesisRequest.ListShards) json("ListShards",
                "{\"StreamName\":\"s\",\"ShardFilter\":{\"Type\":\"AT_TIMESTAMP\",\"Timestamp\":1700000000.5}}");
        assertEquals(new KinesisRequest.ShardFilter("AT_TIMESTAMP", null, 1_700_000_000_500L), fromJson.shardFilter());
        byte[] body = cbor.writeValueAsBytes(Map.of("StreamName", "s",
                "ShardFilter", Map.of("Type", "AFTER_SHARD_ID", "ShardId", "shardId-000000000001")));
        KinesisRequest.ListShards fromCbor = (KinesisRequest.ListShards) codec.decode("ListShards", body, true);
        assertEquals(new KinesisRequest.ShardFilter("AFTER_SHARD_ID", "shardId-000000000001", null), fromCbor.shardFilter());
    }

    @Test
    void recordsCarryChildShardsAndEncryptionTypeAndUpdateShardCountItsCounts() throws Exception {
        KinesisResult.Records end = new KinesisResult.Records(
                List.of(new KinesisRecord("49", 1_700_000_000_000L, new byte[] {1}, "k", "KMS")), null, 0,
                List.of(new ChildShard("shardId-000000000002", List.of("shardId-000000000000", "shardId-000000000001"), "0", "9")));
        JsonNode body = json.readTree(codec.encode(end, false, "r").body());
        assertFalse(body.has("NextShardIterator"));
        assertEquals("KMS", body.get("Records").get(0).get("EncryptionType").asText());
        JsonNode child = body.get("ChildShards").get(0);
        assertEquals("shardId-000000000002", child.get("ShardId").asText());
        assertEquals("shardId-000000000001", child.get("ParentShards").get(1).asText());
        assertEquals("9", child.get("HashKeyRange").get("EndingHashKey").asText());
        JsonNode open = json.readTree(codec.encode(new KinesisResult.Records(List.of(), "it", 0), false, "r").body());
        assertFalse(open.has("ChildShards"));

        JsonNode counts = cbor.readTree(codec.encode(new KinesisResult.UpdateShardCount("s", "arn", 2, 4), true, "r").body());
        assertEquals(2, counts.get("CurrentShardCount").asInt());
        assertEquals(4, counts.get("TargetShardCount").asInt());
        assertEquals("arn", counts.get("StreamARN").asText());
    }
}
