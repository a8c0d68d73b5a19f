package sluice.protocol.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.protocol.wire.WireResponse;

/**
 * Kinesis on the wire ({@code X-Amz-Target: Kinesis_20131202.<Operation>}): AWS JSON 1.1
 * ({@code application/x-amz-json-1.1}) and CBOR ({@code application/x-amz-cbor-1.1}, the Java
 * SDK's default). A request is answered, result or error, in the format it came in; errors carry
 * {@code __type} and {@code message}. Thread-safe; one instance per server.
 */
public final class KinesisCodec {
    public static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final String CBOR_TYPE = "application/x-amz-cbor";

    private final KinesisDecoder jsonDecoder;
    private final KinesisDecoder cborDecoder;
    private final KinesisEncoder jsonEncoder;
    private final KinesisEncoder cborEncoder;

    public KinesisCodec() {
        JsonFactory json = new JsonFactory();
        CBORFactory cbor = new CBORFactory();
        jsonDecoder = new KinesisDecoder(new ObjectMapper(json), false);
        cborDecoder = new KinesisDecoder(new ObjectMapper(cbor), true);
        jsonEncoder = new KinesisEncoder(json, false);
        cborEncoder = new KinesisEncoder(cbor, true);
    }

    /** Whether a request with this Content-Type speaks CBOR. */
    public static boolean isCbor(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CBOR_TYPE);
    }

    /**
     * Decodes a body; the operation is the part of X-Amz-Target after {@code Kinesis_20131202.}.
     *
     * @throws KinesisException SerializationException, UnknownOperationException
     */
    public KinesisRequest decode(String operation, byte[] body, boolean cbor) {
        return (cbor ? cborDecoder : jsonDecoder).decode(operation, body);
    }

    public WireResponse encode(KinesisResult result, boolean cbor, String requestId) {
        return (cbor ? cborEncoder : jsonEncoder).encode(result, requestId);
    }

    public WireResponse encodeError(KinesisException error, boolean cbor, String requestId) {
        return (cbor ? cborEncoder : jsonEncoder).encodeError(error, requestId);
    }
}
