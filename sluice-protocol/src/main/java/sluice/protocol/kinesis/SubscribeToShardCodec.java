package sluice.protocol.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import sluice.api.kinesis.ChildShard;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.SubscribeToShardEvent;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.protocol.eventstream.EventStreamEncoder;

/**
 * SubscribeToShard on the wire. The request is an ordinary Kinesis JSON 1.1 (or CBOR) body; the
 * answer is an event stream ({@code application/vnd.amazon.eventstream}) of messages: first an
 * {@code initial-response} event (an empty structure), then {@code SubscribeToShardEvent} events,
 * and possibly one {@code exception} message ({@code :exception-type} = the error's shape name,
 * payload {@code {"message": …}}). Event payloads are in the request's format: the Java SDK sends
 * and reads SubscribeToShard as JSON even when its other Kinesis calls use CBOR (the operation goes
 * through its JSON protocol factory), so JSON is what SDK clients see; a CBOR request gets CBOR
 * payloads (timestamps as epoch milliseconds), as for every other Kinesis call. Thread-safe.
 */
public final class SubscribeToShardCodec {
    public static final String OPERATION = "SubscribeToShard";
    public static final String EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream";
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final String CBOR_TYPE = "application/x-amz-cbor-1.1";

    private final JsonFactory json = new JsonFactory();
    private final CBORFactory cbor = new CBORFactory();
    private final ObjectMapper jsonMapper = new ObjectMapper(json);
    private final ObjectMapper cborMapper = new ObjectMapper(cbor);

    /** @throws KinesisException SerializationException for a body that is not a structure of the right types */
    public SubscribeToShardRequest decode(byte[] body, boolean isCbor) {
        JsonNode root;
        try {
            root = body.length == 0 ? jsonMapper.createObjectNode() : (isCbor ? cborMapper : jsonMapper).readTree(body);
        } catch (IOException e) {
            throw KinesisError.SERIALIZATION.error("Start of structure or map found where not expected.");
        }
        if (root == null || !root.isObject()) {
            throw KinesisError.SERIALIZATION.error("Start of structure or map found where not expected.");
        }
        JsonNode start = member(root, "StartingPosition");
        SubscribeToShardRequest.StartingPosition position = null;
        if (start != null) {
            if (!start.isObject()) {
                throw wrongType("StartingPosition");
            }
            position = new SubscribeToShardRequest.StartingPosition(text(start, "Type"), text(start, "SequenceNumber"),
                    timestamp(start, "Timestamp", isCbor));
        }
        JsonNode dryRun = root.get("DryRun");
        return new SubscribeToShardRequest(text(root, "ConsumerARN"), text(root, "ShardId"), position,
                dryRun != null && dryRun.isBoolean() && dryRun.booleanValue());
    }

    private static JsonNode member(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = member(node, name);
        if (v != null && !v.isTextual()) {
            throw wrongType(name);
        }
        return v == null ? null : v.textValue();
    }

    private static Long timestamp(JsonNode node, String name, boolean isCbor) {
        JsonNode v = member(node, name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw wrongType(name);
        }
        if (isCbor && v.isIntegralNumber()) {
            return v.longValue();
        }
        return v.decimalValue().multiply(BigDecimal.valueOf(1000)).longValue();
    }

    private static KinesisException wrongType(String name) {
        return KinesisError.SERIALIZATION.error("Unexpected value type for member " + name + ".");
    }

    /** The HTTP headers of the event-stream response. */
    public Map<String, String> responseHeaders(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", EVENT_STREAM_TYPE);
        headers.put("x-amzn-RequestId", requestId);
        return headers;
    }

    public byte[] initialResponse(boolean isCbor) {
        return EventStreamEncoder.message(eventHeaders("initial-response", isCbor), payload(isCbor, g -> {
        }));
    }

    public byte[] event(SubscribeToShardEvent event, boolean isCbor) {
        return EventStreamEncoder.message(eventHeaders("SubscribeToShardEvent", isCbor), payload(isCbor, g -> {
            g.writeArrayFieldStart("Records");
            for (KinesisRecord r : event.records()) {
                g.writeStartObject();
                g.writeStringField("SequenceNumber", r.sequenceNumber());
                timestamp(g, "ApproximateArrivalTimestamp", r.approximateArrivalTimestamp(), isCbor);
                g.writeFieldName("Data");
                g.writeBinary(r.data());
                if (!r.partitionKey().isEmpty()) { // records spread by an AUTO stream may have none
                    g.writeStringField("PartitionKey", r.partitionKey());
                }
                if (event.encryptionType() != null) {
                    g.writeStringField("EncryptionType", event.encryptionType());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (event.continuationSequenceNumber() != null) {
                g.writeStringField("ContinuationSequenceNumber", event.continuationSequenceNumber());
            }
            g.writeNumberField("MillisBehindLatest", event.millisBehindLatest());
            if (!event.childShards().isEmpty()) {
                childShards(g, event);
            }
        }));
    }

    private static void childShards(JsonGenerator g, SubscribeToShardEvent event) throws IOException {
        g.writeArrayFieldStart("ChildShards");
        for (ChildShard c : event.childShards()) {
            g.writeStartObject();
            g.writeStringField("ShardId", c.shardId());
            g.writeArrayFieldStart("ParentShards");
            for (String parent : c.parentShards()) {
                g.writeString(parent);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("HashKeyRange");
            g.writeStringField("StartingHashKey", c.startingHashKey());
            g.writeStringField("EndingHashKey", c.endingHashKey());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** An exception message: how an error after the stream started reaches the client. */
    public byte[] exception(KinesisException error, boolean isCbor) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", error.error().type());
        headers.put(":content-type", isCbor ? CBOR_TYPE : JSON_TYPE);
        headers.put(":message-type", "exception");
        return EventStreamEncoder.message(headers, payload(isCbor, g -> g.writeStringField("message", error.getMessage())));
    }

    private static Map<String, String> eventHeaders(String eventType, boolean isCbor) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", isCbor ? CBOR_TYPE : JSON_TYPE);
        headers.put(":message-type", "event");
        return headers;
    }

    private static void timestamp(JsonGenerator g, String name, long millis, boolean isCbor) throws IOException {
        g.writeFieldName(name);
        if (isCbor) {
            g.writeNumber(millis);
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
    }

    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] payload(boolean isCbor, Members members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = (isCbor ? cbor : json).createGenerator(out)) {
            g.writeStartObject();
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
