package sluice.protocol.kinesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.ChildShard;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.SubscribeToShardEvent;
import sluice.api.kinesis.SubscribeToShardRequest;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * SubscribeToShard's wire format, read back with the AWS SDK's own event-stream decoder (which
 * checks both CRCs and the lengths): message types and headers, JSON and CBOR payloads, exception
 * messages, and the request body.
 */
class SubscribeToShardCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private final SubscribeToShardCodec codec = new SubscribeToShardCodec();

    private static final SubscribeToShardEvent EVENT = new SubscribeToShardEvent(
            List.of(new KinesisRecord("49001", 1_700_000_000_123L, new byte[] {0, 1, (byte) 0xff}, "pk")),
            "49001", 42, List.of(), null);

    /** Decodes a byte stream fed in awkward pieces, as the network delivers it. */
    private static List<Message> decode(byte[]... messages) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            all.writeBytes(m);
        }
        byte[] bytes = all.toByteArray();
        List<Message> out = new ArrayList<>();
        MessageDecoder decoder = new MessageDecoder(out::add);
        for (int from = 0; from < bytes.length; from += 7) {
            decoder.feed(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 7)));
        }
        return out;
    }

    private static Map<String, String> headers(Message m) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, HeaderValue> h : m.getHeaders().entrySet()) {
            out.put(h.getKey(), h.getValue().getString());
        }
        return out;
    }

    @Test
    void jsonStreamIsAnInitialResponseThenEventsThenAnException() throws Exception {
        List<Message> messages = decode(codec.initialResponse(false), codec.event(EVENT, false),
                codec.exception(KinesisError.RESOURCE_IN_USE.error("taken over"), false));
        assertEquals(3, messages.size());

        assertEquals(Map.of(":message-type", "event", ":event-type", "initial-response", ":content-type", "application/x-amz-json-1.1"),
                headers(messages.get(0)));
        assertEquals("{}", new String(messages.get(0).getPayload(), StandardCharsets.UTF_8));

        assertEquals("SubscribeToShardEvent", headers(messages.get(1)).get(":event-type"));
        JsonNode event = JSON.readTree(messages.get(1).getPayload());
        JsonNode record = event.get("Records").get(0);
        assertEquals("49001", record.get("SequenceNumber").textValue());
        assertEquals("1700000000.123", record.get("ApproximateArrivalTimestamp").decimalValue().toPlainString());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, record.get("Data").binaryValue());
        assertEquals("pk", record.get("PartitionKey").textValue());
        assertFalse(record.has("EncryptionType"));
        assertEquals("49001", event.get("ContinuationSequenceNumber").textValue());
        assertEquals(42, event.get("MillisBehindLatest").longValue());
        assertFalse(event.has("ChildShards"));

        assertEquals(Map.of(":message-type", "exception", ":exception-type", "ResourceInUseException",
                ":content-type", "application/x-amz-json-1.1"), headers(messages.get(2)));
        assertEquals("taken over", JSON.readTree(messages.get(2).getPayload()).get("message").textValue());
    }

    @Test
    void cborPayloadsCarryBytesAndMilliseconds() throws Exception {
        List<Message> messages = decode(codec.initialResponse(true), codec.event(EVENT, true));
        assertEquals("application/x-amz-cbor-1.1", headers(messages.get(1)).get(":content-type"));
        assertTrue(CBOR.readTree(messages.get(0).getPayload()).isEmpty());
        JsonNode record = CBOR.readTree(messages.get(1).getPayload()).get("Records").get(0);
        assertEquals(1_700_000_000_123L, record.get("ApproximateArrivalTimestamp").longValue());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, record.get("Data").binaryValue());
    }

    @Test
    void theLastEventOfAClosedShardListsItsChildrenAndNoContinuation() throws Exception {
        SubscribeToShardEvent last = new SubscribeToShardEvent(List.of(), null, 0,
                List.of(new ChildShard("shardId-000000000002", List.of("shardId-000000000000", "shardId-000000000001"), "0", "99")),
                "KMS");
        JsonNode event = JSON.readTree(decode(codec.event(last, false)).getFirst().getPayload());
        assertFalse(event.has("ContinuationSequenceNumber"));
        JsonNode child = event.get("ChildShards").get(0);
        assertEquals("shardId-000000000002", child.get("ShardId").textValue());
        assertEquals(2, child.get("ParentShards").size());
        assertEquals("99", child.get("HashKeyRange").get("EndingHashKey").textValue());
    }

    @Test
    void requestDecodesFromJsonAndCbor() throws Exception {
        String body = "{\"ConsumerARN\":\"arn\",\"ShardId\":\"shardId-000000000000\","
                + "\"StartingPosition\":{\"Type\":\"AT_TIMESTAMP\",\"Timestamp\":1700000000.5}}";
        SubscribeToShardRequest r = codec.decode(body.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(new SubscribeToShardRequest("arn", "shardId-000000000000",
                new SubscribeToShardRequest.StartingPosition("AT_TIMESTAMP", null, 1_700_000_000_500L)), r);
        byte[] cbor = CBOR.writeValueAsBytes(Map.of("ConsumerARN", "arn", "StartingPosition",
                Map.of("Type", "AT_TIMESTAMP", "Timestamp", 1_700_000_000_500L)));
        assertEquals(1_700_000_000_500L, codec.decode(cbor, true).startingPosition().timestamp());
        KinesisException e = assertThrows(KinesisException.class,
                () -> codec.decode("{\"ShardId\":1}".getBytes(StandardCharsets.UTF_8), false));
        assertEquals(KinesisError.SERIALIZATION, e.error());
    }
}
