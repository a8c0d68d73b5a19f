package sluice.protocol.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.StreamRef;

/**
 * Decodes a Kinesis request body, JSON 1.1 or CBOR, into its request record. Both formats are read
 * into one Jackson tree, so the member mapping is written once; they differ only in blobs (base64
 * text in JSON, byte strings in CBOR — Jackson's {@code binaryValue} reads either) and timestamps
 * (epoch seconds in JSON, epoch milliseconds in CBOR).
 */
final class KinesisDecoder {
    private final ObjectMapper mapper;
    private final boolean cbor;

    KinesisDecoder(ObjectMapper mapper, boolean cbor) {
        this.mapper = mapper;
        this.cbor = cbor;
    }

    KinesisRequest decode(String operation, byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
        } catch (IOException e) {
            throw KinesisError.SERIALIZATION.error("Start of structure or map found where not expected.");
        }
        if (root == null || !root.isObject()) {
            throw KinesisError.SERIALIZATION.error("Start of structure or map found where not expected.");
        }
        Body b = new Body(root);
        return switch (operation) {
            case "CreateStream" -> new KinesisRequest.CreateStream(b.str("StreamName"), b.integer("ShardCount"),
                    b.nested("StreamModeDetails", "StreamMode"), b.stringMap("Tags"), b.integer("MaxRecordSizeInKiB"),
                    b.integer("WarmThroughputMiBps"), b.str("RecordDistributionStrategy"));
            case "DeleteStream" -> new KinesisRequest.DeleteStream(b.stream(), Boolean.TRUE.equals(b.bool("EnforceConsumerDeletion")));
            case "DescribeStream" -> new KinesisRequest.DescribeStream(b.stream(), b.integer("Limit"), b.str("ExclusiveStartShardId"));
            case "DescribeStreamSummary" -> new KinesisRequest.DescribeStreamSummary(b.stream());
            case "ListStreams" -> new KinesisRequest.ListStreams(b.integer("Limit"), b.str("ExclusiveStartStreamName"), b.str("NextToken"));
            case "ListShards" -> new KinesisRequest.ListShards(b.stream(), b.str("NextToken"), b.integer("MaxResults"),
                    b.str("ExclusiveStartShardId"), b.shardFilter());
            case "SplitShard" -> new KinesisRequest.SplitShard(b.stream(), b.str("ShardToSplit"), b.str("NewStartingHashKey"));
            case "MergeShards" -> new KinesisRequest.MergeShards(b.stream(), b.str("ShardToMerge"), b.str("AdjacentShardToMerge"));
            case "UpdateShardCount" -> new KinesisRequest.UpdateShardCount(b.stream(), b.integer("TargetShardCount"),
                    b.str("ScalingType"));
            case "PutRecord" -> new KinesisRequest.PutRecord(b.stream(), b.blob(root.get("Data")), b.str("PartitionKey"),
                    b.str("ExplicitHashKey"), b.str("SequenceNumberForOrdering"), Boolean.TRUE.equals(b.bool("DryRun")));
            case "PutRecords" -> new KinesisRequest.PutRecords(b.stream(), entries(root.get("Records")),
                    Boolean.TRUE.equals(b.bool("DryRun")));
            case "GetShardIterator" -> new KinesisRequest.GetShardIterator(b.stream(), b.str("ShardId"), b.str("ShardIteratorType"),
                    b.str("StartingSequenceNumber"), b.timestamp("Timestamp"), Boolean.TRUE.equals(b.bool("DryRun")));
            case "GetRecords" -> new KinesisRequest.GetRecords(b.str("ShardIterator"), b.integer("Limit"), b.stream(),
                    Boolean.TRUE.equals(b.bool("DryRun")));
            case "IncreaseStreamRetentionPeriod" -> new KinesisRequest.IncreaseStreamRetentionPeriod(b.stream(), b.integer("RetentionPeriodHours"));
            case "DecreaseStreamRetentionPeriod" -> new KinesisRequest.DecreaseStreamRetentionPeriod(b.stream(), b.integer("RetentionPeriodHours"));
            case "AddTagsToStream" -> new KinesisRequest.AddTagsToStream(b.stream(), b.stringMap("Tags"));
            case "RemoveTagsFromStream" -> new KinesisRequest.RemoveTagsFromStream(b.stream(), b.stringList("TagKeys"));
            case "ListTagsForStream" -> new KinesisRequest.ListTagsForStream(b.stream(), b.str("ExclusiveStartTagKey"), b.integer("Limit"));
            case "DescribeLimits" -> new KinesisRequest.DescribeLimits();
            case "TagResource" -> new KinesisRequest.TagResource(b.str("ResourceARN"), b.stringMap("Tags"));
            case "UntagResource" -> new KinesisRequest.UntagResource(b.str("ResourceARN"), b.stringList("TagKeys"));
            case "ListTagsForResource" -> new KinesisRequest.ListTagsForResource(b.str("ResourceARN"));
            case "UpdateStreamMode" -> new KinesisRequest.UpdateStreamMode(new StreamRef(null, b.str("StreamARN")),
                    b.nested("StreamModeDetails", "StreamMode"));
            case "RegisterStreamConsumer" -> new KinesisRequest.RegisterStreamConsumer(b.str("StreamARN"), b.str("ConsumerName"),
                    b.stringMap("Tags"));
            case "DeregisterStreamConsumer" -> new KinesisRequest.DeregisterStreamConsumer(b.str("StreamARN"), b.str("ConsumerName"),
                    b.str("ConsumerARN"));
            case "DescribeStreamConsumer" -> new KinesisRequest.DescribeStreamConsumer(b.str("StreamARN"), b.str("ConsumerName"),
                    b.str("ConsumerARN"));
            case "ListStreamConsumers" -> new KinesisRequest.ListStreamConsumers(b.str("StreamARN"), b.str("NextToken"),
                    b.integer("MaxResults"));
            case "StartStreamEncryption" -> new KinesisRequest.StartStreamEncryption(b.stream(), b.str("EncryptionType"), b.str("KeyId"));
            case "StopStreamEncryption" -> new KinesisRequest.StopStreamEncryption(b.stream(), b.str("EncryptionType"), b.str("KeyId"));
            case "EnableEnhancedMonitoring" -> new KinesisRequest.EnableEnhancedMonitoring(b.stream(), b.stringList("ShardLevelMetrics"));
            case "DisableEnhancedMonitoring" -> new KinesisRequest.DisableEnhancedMonitoring(b.stream(), b.stringList("ShardLevelMetrics"));
            case "PutResourcePolicy" -> new KinesisRequest.PutResourcePolicy(b.str("ResourceARN"), b.str("Policy"));
            case "GetResourcePolicy" -> new KinesisRequest.GetResourcePolicy(b.str("ResourceARN"));
            case "DeleteResourcePolicy" -> new KinesisRequest.DeleteResourcePolicy(b.str("ResourceARN"));
            case "DescribeAccountSettings" -> new KinesisRequest.DescribeAccountSettings();
            case "UpdateAccountSettings" -> new KinesisRequest.UpdateAccountSettings(
                    b.nested("MinimumThroughputBillingCommitment", "Status"));
            case "UpdateMaxRecordSize" -> new KinesisRequest.UpdateMaxRecordSize(b.stream(), b.integer("MaxRecordSizeInKiB"));
            case "UpdateStreamWarmThroughput" -> new KinesisRequest.UpdateStreamWarmThroughput(b.stream(),
                    b.integer("WarmThroughputMiBps"));
            case "UpdateStreamRecordDistributionStrategy" -> new KinesisRequest.UpdateStreamRecordDistributionStrategy(
                    new StreamRef(null, b.str("StreamARN")), b.str("RecordDistributionStrategy"));
            default -> throw KinesisError.UNKNOWN_OPERATION.error("Operation " + operation + " is not supported by Sluice.");
        };
    }

    private List<KinesisRequest.PutRecordsEntry> entries(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw KinesisError.SERIALIZATION.error("Records must be a list.");
        }
        List<KinesisRequest.PutRecordsEntry> out = new ArrayList<>();
        for (JsonNode e : node) {
            Body b = new Body(e);
            out.add(new KinesisRequest.PutRecordsEntry(b.blob(e.get("Data")), b.str("PartitionKey"), b.str("ExplicitHashKey")));
        }
        return out;
    }

    /** Typed access to one structure's members; a member of the wrong type is a SerializationException. */
    private final class Body {
        private final JsonNode node;

        Body(JsonNode node) {
            this.node = node;
        }

        private JsonNode member(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : v;
        }

        String str(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw wrongType(name);
            }
            return v.textValue();
        }

        Integer integer(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrongType(name);
            }
            return v.intValue();
        }

        Boolean bool(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isBoolean()) {
                throw wrongType(name);
            }
            return v.booleanValue();
        }

        String nested(String structure, String name) {
            JsonNode v = member(structure);
            return v == null ? null : new Body(v).str(name);
        }

        KinesisRequest.ShardFilter shardFilter() {
            JsonNode v = member("ShardFilter");
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                throw wrongType("ShardFilter");
            }
            Body f = new Body(v);
            return new KinesisRequest.ShardFilter(f.str("Type"), f.str("ShardId"), f.timestamp("Timestamp"));
        }

        StreamRef stream() {
            return new StreamRef(str("StreamName"), str("StreamARN"));
        }

        byte[] blob(JsonNode v) {
            if (v == null || v.isNull()) {
                return null;
            }
            try {
                byte[] bytes = v.binaryValue();
                if (bytes == null) {
                    throw wrongType("Data");
                }
                return bytes;
            } catch (IOException | IllegalArgumentException e) {
                throw KinesisError.SERIALIZATION.error("Base64 encoded value of Data is invalid.");
            }
        }

        Long timestamp(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                throw wrongType(name);
            }
            if (cbor && v.isIntegralNumber()) {
                return v.longValue();
            }
            return v.decimalValue().multiply(BigDecimal.valueOf(1000)).longValue();
        }

        Map<String, String> stringMap(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                throw wrongType(name);
            }
            Map<String, String> out = new LinkedHashMap<>();
            v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            return out;
        }

        List<String> stringList(String name) {
            JsonNode v = member(name);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                throw wrongType(name);
            }
            List<String> out = new ArrayList<>();
            v.forEach(e -> out.add(e.asText()));
            return out;
        }

        private KinesisException wrongType(String name) {
            return KinesisError.SERIALIZATION.error("Unexpected value type for member " + name + ".");
        }
    }
}
