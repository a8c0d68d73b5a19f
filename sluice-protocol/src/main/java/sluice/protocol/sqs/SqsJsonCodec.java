package sluice.protocol.sqs;

import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.protocol.wire.WireResponse;

/**
 * The AWS JSON 1.0 dialect of SQS ({@code X-Amz-Target: AmazonSQS.<Operation>}, content type
 * {@code application/x-amz-json-1.0}), spoken by current SDKs and CLIs.
 *
 * <p>Design: a facade over {@link SqsJsonDecoder} (Jackson tree → {@link SqsRequestReader}, shared
 * with the query dialect so both give identical records) and {@link SqsJsonEncoder} (streaming
 * generator). Thread-safe and meant to be shared: one instance per server.
 */
public final class SqsJsonCodec {
    private final SqsJsonDecoder decoder = new SqsJsonDecoder();
    private final SqsJsonEncoder encoder = new SqsJsonEncoder();

    /**
     * Decodes a request body. The operation is the part of X-Amz-Target after {@code AmazonSQS.}
     * (the whole header value is accepted too).
     *
     * @throws SqsException InvalidAction, MissingParameter, SerializationException
     */
    public SqsRequest decode(String operation, byte[] body) {
        return decoder.decode(operation, body);
    }

    /**
     * Encodes a result. Prefer {@link #encode(String, SqsResult, String)}: this form cannot tell
     * ListDeadLetterSourceQueues (member {@code queueUrls}) from ListQueues ({@code QueueUrls})
     * and writes the latter.
     */
    public WireResponse encode(SqsResult result, String requestId) {
        return encoder.encode(null, result, requestId);
    }

    /** Encodes the result of the named operation (needed for ListDeadLetterSourceQueues). */
    public WireResponse encode(String operation, SqsResult result, String requestId) {
        return encoder.encode(operation, result, requestId);
    }

    public WireResponse encodeError(SqsException error, String requestId) {
        return encoder.encodeError(error, requestId);
    }
}
