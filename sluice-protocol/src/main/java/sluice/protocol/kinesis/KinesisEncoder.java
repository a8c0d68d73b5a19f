package sluice.protocol.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import sluice.api.kinesis.ChildShard;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.Shard;
import sluice.protocol.wire.WireResponse;

/**
 * Writes Kinesis results and errors with a streaming generator, JSON 1.1 or CBOR by the factory
 * it is given: blobs as base64 text (JSON) or byte strings (CBOR), timestamps as epoch seconds
 * with a fraction (JSON) or epoch milliseconds (CBOR), as the SDKs read them.
 */
final class KinesisEncoder {
    private final JsonFactory factory;
    private final boolean cbor;
    private final String contentType;

    KinesisEncoder(JsonFactory factory, boolean cbor) {
        this.factory = factory;
        this.cbor = cbor;
        this.contentType = cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private WireResponse respond(int status, Map<String, String> extra, String requestId, Body body) {
        return respond(status, extra, requestId, 256, body);
    }

    private WireResponse respond(int status, Map<String, String> extra, String requestId, int sizeHint, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("x-amzn-RequestId", requestId);
        headers.putAll(extra);
        return new WireResponse(status, headers, out.toByteArray());
    }

    WireResponse encodeError(KinesisException e, String requestId) {
        return respond(e.error().status(), Map.of("x-amzn-ErrorType", e.error().type()), requestId, g -> {
            g.writeStringField("__type", e.error().type());
            g.writeStringField("message", e.getMessage());
        });
    }

    WireResponse encode(KinesisResult result, String requestId) {
        return respond(200, Map.of(), requestId, sizeHint(result), g -> write(g, result));
    }

    /**
     * About the encoded size of a result: GetRecords answers run to megabytes, and a buffer grown
     * by doubling from a small start copies them several times over.
     */
    private int sizeHint(KinesisResult result) {
        if (!(result instanceof KinesisResult.Records r)) {
            return 256;
        }
        long bytes = 256;
        for (KinesisRecord rec : r.records()) {
            int data = rec.data().length;
            bytes += (cbor ? data : (data + 2) / 3 * 4) + rec.partitionKey().length() + 128;
        }
        return (int) Math.min(bytes, 64L * 1024 * 1024);
    }

    private void timestamp(JsonGenerator g, String name, long millis) throws IOException {
        g.writeFieldName(name);
        if (cbor) {
            g.writeNumber(millis);
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private void write(JsonGenerator g, KinesisResult result) throws IOException {
        switch (result) {
            case KinesisResult.Empty e -> {
            }
            case KinesisResult.StreamDescription d -> {
                g.writeObjectFieldStart("StreamDescription");
                g.writeStringField("StreamName", d.streamName());
                g.writeStringField("StreamARN", d.streamArn());
                g.writeStringField("StreamStatus", d.streamStatus());
                g.writeObjectFieldStart("StreamModeDetails");
                g.writeStringField("StreamMode", d.streamMode());
                g.writeEndObject();
                shards(g, "Shards", d.shards());
                g.writeBooleanField("HasMoreShards", d.hasMoreShards());
                g.writeNumberField("RetentionPeriodHours", d.retentionPeriodHours());
                timestamp(g, "StreamCreationTimestamp", d.createdAt());
                monitoring(g, d.enhancedMetrics());
                g.writeStringField("EncryptionType", d.encryptionType());
                optional(g, "KeyId", d.keyId());
                g.writeEndObject();
            }
            case KinesisResult.StreamSummary s -> {
                g.writeObjectFieldStart("StreamDescriptionSummary");
                g.writeStringField("StreamName", s.streamName());
                g.writeStringField("StreamARN", s.streamArn());
                g.writeStringField("StreamStatus", s.streamStatus());
                g.writeObjectFieldStart("StreamModeDetails");
                g.writeStringField("StreamMode", s.streamMode());
                g.writeEndObject();
                g.writeNumberField("RetentionPeriodHours", s.retentionPeriodHours());
                timestamp(g, "StreamCreationTimestamp", s.createdAt());
                monitoring(g, s.enhancedMetrics());
                g.writeStringField("EncryptionType", s.encryptionType());
                optional(g, "KeyId", s.keyId());
                g.writeNumberField("OpenShardCount", s.openShardCount());
                g.writeNumberField("ConsumerCount", s.consumerCount());
                if (s.warmThroughput() != null) {
                    warmThroughput(g, s.warmThroughput());
                }
                g.writeNumberField("MaxRecordSizeInKiB", s.maxRecordSizeInKiB());
                g.writeStringField("RecordDistributionStrategy", s.recordDistributionStrategy());
                g.writeEndObject();
            }
            case KinesisResult.StreamWarmThroughput w -> {
                g.writeStringField("StreamARN", w.streamArn());
                g.writeStringField("StreamName", w.streamName());
                warmThroughput(g, w.warmThroughput());
            }
            case KinesisResult.ResourcePolicy p -> g.writeStringField("Policy", p.policy());
            case KinesisResult.AccountSettings a -> {
                g.writeObjectFieldStart("MinimumThroughputBillingCommitment");
                g.writeStringField("Status", a.status());
                if (a.startedAt() != null) {
                    timestamp(g, "StartedAt", a.startedAt());
                }
                if (a.endedAt() != null) {
                    timestamp(g, "EndedAt", a.endedAt());
                }
                if (a.earliestAllowedEndAt() != null) {
                    timestamp(g, "EarliestAllowedEndAt", a.earliestAllowedEndAt());
                }
                g.writeEndObject();
            }
            case KinesisResult.StreamList l -> {
                g.writeArrayFieldStart("StreamNames");
                for (KinesisResult.StreamListEntry e : l.streams()) {
                    g.writeString(e.streamName());
                }
                g.writeEndArray();
                g.writeBooleanField("HasMoreStreams", l.hasMoreStreams());
                optional(g, "NextToken", l.nextToken());
                g.writeArrayFieldStart("StreamSummaries");
                for (KinesisResult.StreamListEntry e : l.streams()) {
                    g.writeStartObject();
                    g.writeStringField("StreamName", e.streamName());
                    g.writeStringField("StreamARN", e.streamArn());
                    g.writeStringField("StreamStatus", e.streamStatus());
                    g.writeObjectFieldStart("StreamModeDetails");
                    g.writeStringField("StreamMode", e.streamMode());
                    g.writeEndObject();
                    timestamp(g, "StreamCreationTimestamp", e.createdAt());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case KinesisResult.ShardList l -> {
                shards(g, "Shards", l.shards());
                optional(g, "NextToken", l.nextToken());
            }
            case KinesisResult.PutRecord p -> {
                g.writeStringField("ShardId", p.shardId());
                g.writeStringField("SequenceNumber", p.sequenceNumber());
                g.writeStringField("EncryptionType", p.encryptionType());
            }
            case KinesisResult.PutRecords p -> {
                g.writeNumberField("FailedRecordCount", p.failedRecordCount());
                g.writeArrayFieldStart("Records");
                for (KinesisResult.PutRecordsEntry e : p.records()) {
                    g.writeStartObject();
                    optional(g, "SequenceNumber", e.sequenceNumber());
                    optional(g, "ShardId", e.shardId());
                    optional(g, "ErrorCode", e.errorCode());
                    optional(g, "ErrorMessage", e.errorMessage());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("EncryptionType", p.encryptionType());
            }
            case KinesisResult.ShardIterator i -> g.writeStringField("ShardIterator", i.shardIterator());
            case KinesisResult.Records r -> {
                g.writeArrayFieldStart("Records");
                for (KinesisRecord rec : r.records()) {
                    g.writeStartObject();
                    g.writeStringField("SequenceNumber", rec.sequenceNumber());
                    timestamp(g, "ApproximateArrivalTimestamp", rec.approximateArrivalTimestamp());
                    g.writeFieldName("Data");
                    g.writeBinary(rec.data());
                    if (!rec.partitionKey().isEmpty()) { // records spread by an AUTO stream may have none
                        g.writeStringField("PartitionKey", rec.partitionKey());
                    }
                    optional(g, "EncryptionType", rec.encryptionType());
                    g.writeEndObject();
                }
                g.writeEndArray();
                optional(g, "NextShardIterator", r.nextShardIterator());
                g.writeNumberField("MillisBehindLatest", r.millisBehindLatest());
                if (!r.childShards().isEmpty()) {
                    childShards(g, r.childShards());
                }
            }
            case KinesisResult.UpdateShardCount u -> {
                g.writeStringField("StreamName", u.streamName());
                g.writeNumberField("CurrentShardCount", u.currentShardCount());
                g.writeNumberField("TargetShardCount", u.targetShardCount());
                g.writeStringField("StreamARN", u.streamArn());
            }
            case KinesisResult.Tags t -> {
                g.writeArrayFieldStart("Tags");
                for (Map.Entry<String, String> e : t.tags().entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("Key", e.getKey());
                    g.writeStringField("Value", e.getValue());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeBooleanField("HasMoreTags", t.hasMoreTags());
            }
            case KinesisResult.Limits l -> {
                g.writeNumberField("ShardLimit", l.shardLimit());
                g.writeNumberField("OpenShardCount", l.openShardCount());
                g.writeNumberField("OnDemandStreamCount", l.onDemandStreamCount());
                g.writeNumberField("OnDemandStreamCountLimit", l.onDemandStreamCountLimit());
            }
            case KinesisResult.Consumer c -> {
                g.writeObjectFieldStart(c.description() ? "ConsumerDescription" : "Consumer");
                consumer(g, c);
                g.writeEndObject();
            }
            case KinesisResult.ConsumerList l -> {
                g.writeArrayFieldStart("Consumers");
                for (KinesisResult.Consumer c : l.consumers()) {
                    g.writeStartObject();
                    consumer(g, c);
                    g.writeEndObject();
                }
                g.writeEndArray();
                optional(g, "NextToken", l.nextToken());
            }
            case KinesisResult.EnhancedMonitoring m -> {
                g.writeStringField("StreamName", m.streamName());
                g.writeStringField("StreamARN", m.streamArn());
                strings(g, "CurrentShardLevelMetrics", m.currentShardLevelMetrics());
                strings(g, "DesiredShardLevelMetrics", m.desiredShardLevelMetrics());
            }
        }
    }

    private static void warmThroughput(JsonGenerator g, KinesisResult.WarmThroughput w) throws IOException {
        g.writeObjectFieldStart("WarmThroughput");
        g.writeNumberField("TargetMiBps", w.targetMiBps());
        g.writeNumberField("CurrentMiBps", w.currentMiBps());
        g.writeEndObject();
    }

    private void consumer(JsonGenerator g, KinesisResult.Consumer c) throws IOException {
        g.writeStringField("ConsumerName", c.consumerName());
        g.writeStringField("ConsumerARN", c.consumerArn());
        g.writeStringField("ConsumerStatus", c.consumerStatus());
        timestamp(g, "ConsumerCreationTimestamp", c.createdAt());
        if (c.description()) {
            g.writeStringField("StreamARN", c.streamArn());
        }
    }

    private static void monitoring(JsonGenerator g, List<String> metrics) throws IOException {
        g.writeArrayFieldStart("EnhancedMonitoring");
        g.writeStartObject();
        strings(g, "ShardLevelMetrics", metrics);
        g.writeEndObject();
        g.writeEndArray();
    }

    /** The ChildShards member of GetRecords (and of SubscribeToShard events). */
    static void childShards(JsonGenerator g, List<ChildShard> children) throws IOException {
        g.writeArrayFieldStart("ChildShards");
        for (ChildShard c : children) {
            g.writeStartObject();
            g.writeStringField("ShardId", c.shardId());
            strings(g, "ParentShards", c.parentShards());
            g.writeObjectFieldStart("HashKeyRange");
            g.writeStringField("StartingHashKey", c.startingHashKey());
            g.writeStringField("EndingHashKey", c.endingHashKey());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void shards(JsonGenerator g, String name, List<Shard> shards) throws IOException {
        g.writeArrayFieldStart(name);
        for (Shard s : shards) {
            g.writeStartObject();
            g.writeStringField("ShardId", s.shardId());
            optional(g, "ParentShardId", s.parentShardId());
            optional(g, "AdjacentParentShardId", s.adjacentParentShardId());
            g.writeObjectFieldStart("HashKeyRange");
            g.writeStringField("StartingHashKey", s.startingHashKey());
            g.writeStringField("EndingHashKey", s.endingHashKey());
            g.writeEndObject();
            g.writeObjectFieldStart("SequenceNumberRange");
            g.writeStringField("StartingSequenceNumber", s.startingSequenceNumber());
            optional(g, "EndingSequenceNumber", s.endingSequenceNumber());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
