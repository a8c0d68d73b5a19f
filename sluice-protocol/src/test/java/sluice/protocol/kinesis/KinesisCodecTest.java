package sluice.protocol.kinesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.protocol.wire.WireResponse;

/** Both Kinesis formats: blobs and timestamps as each writes them, errors in the request's format. */
class KinesisCodecTest {
    private final KinesisCodec codec = new KinesisCodec();
    private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void cborRequestsCarryBlobsAsByteStringsAndTimestampsAsMillis() throws Exception {
        byte[] body = cbor.writeValueAsBytes(java.util.Map.of("StreamName", "s", "PartitionKey", "k", "Data", new byte[] {0, (byte) 0xff}));
        KinesisRequest.PutRecord put = (KinesisRequest.PutRecord) codec.decode("PutRecord", body, true);
        assertArrayEquals(new byte[] {0, (byte) 0xff}, put.data());
        byte[] at = cbor.writeValueAsBytes(java.util.Map.of("StreamName", "s", "ShardId", "shardId-000000000000",
                "ShardIteratorType", "AT_TIMESTAMP", "Timestamp", 1_700_000_000_123L));
        assertEquals(1_700_000_000_123L, ((KinesisRequest.GetShardIterator) codec.decode("GetShardIterator", at, true)).timestamp());
    }

    @Test
    void jsonRequestsCarryBlobsAsBase64AndTimestampsAsSeconds() {
        byte[] body = "{\"StreamName\":\"s\",\"PartitionKey\":\"k\",\"Data\":\"AP8=\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(new byte[] {0, (byte) 0xff}, ((KinesisRequest.PutRecord) codec.decode("PutRecord", body, false)).data());
        byte[] at = "{\"StreamName\":\"s\",\"ShardId\":\"0\",\"ShardIteratorType\":\"AT_TIMESTAMP\",\"Timestamp\":1700000000.123}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(1_700_000_000_123L, ((KinesisRequest.GetShardIterator) codec.decode("GetShardIterator", at, false)).timestamp());
    }

    @Test
    void recordsAreWrittenInEachFormat() throws Exception {
        KinesisResult.Records records = new KinesisResult.Records(
                List.of(new KinesisRecord("4900", 1_700_000_000_123L, new byte[] {1, 2}, "k")), "it", 0);
        JsonNode c = cbor.readTree(codec.encode(records, true, "r").body()).get("Records").get(0);
        assertArrayEquals(new byte[] {1, 2}, c.get("Data").binaryValue());
        assertEquals(1_700_000_000_123L, c.get("ApproximateArrivalTimestamp").longValue());
        JsonNode j = json.readTree(codec.encode(records, false, "r").body()).get("Records").get(0);
        assertEquals("AQI=", j.get("Data").textValue());
        assertEquals("1700000000.123", j.get("ApproximateArrivalTimestamp").decimalValue().toPlainString());
    }

    @Test
    void errorsCarryTypeAndMessageInTheRequestFormat() throws Exception {
        WireResponse error = codec.encodeError(KinesisError.RESOURCE_NOT_FOUND.error("Stream s under account 1 not found."), true, "r");
        assertEquals(400, error.status());
        assertEquals("application/x-amz-cbor-1.1", error.headers().get("Content-Type"));
        assertEquals("ResourceNotFoundException", cbor.readTree(error.body()).get("__type").textValue());
        KinesisException e = assertThrows(KinesisException.class, () -> codec.decode("NoSuchOperation", new byte[0], false));
        assertEquals(KinesisError.UNKNOWN_OPERATION, e.error());
        assertEquals(KinesisError.SERIALIZATION,
                assertThrows(KinesisException.class, () -> codec.decode("PutRecord", "[".getBytes(StandardCharsets.UTF_8), false)).error());
    }
}
