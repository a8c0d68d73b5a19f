package sluice.protocol.sqs;

import java.util.List;
import java.util.Map;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.protocol.wire.WireResponse;

/**
 * The query dialect of SQS ({@code Action=…&Version=2012-11-05} form parameters, XML responses
 * in the {@code http://queue.amazonaws.com/doc/2012-11-05/} namespace), spoken by older SDKs and
 * CLIs.
 *
 * <p>Design: a facade over {@link SqsQueryDecoder} (parameter tree → {@link SqsRequestReader},
 * shared with the JSON dialect) and {@link SqsXmlEncoder}. Thread-safe and stateless.
 */
public final class SqsQueryCodec {
    private final SqsQueryDecoder decoder = new SqsQueryDecoder();
    private final SqsXmlEncoder encoder = new SqsXmlEncoder();

    /**
     * Decodes form parameters (see {@link sluice.protocol.wire.FormDecoder}); the operation is the
     * {@code Action} parameter.
     *
     * @throws SqsException MissingAction, InvalidAction, MissingParameter, InvalidParameterValue
     */
    public SqsRequest decode(Map<String, List<String>> params) {
        return decoder.decode(params);
    }

    public WireResponse encode(String operation, SqsResult result, String requestId) {
        return encoder.encode(operation, result, requestId);
    }

    public WireResponse encodeError(SqsException error, String requestId) {
        return encoder.encodeError(error, requestId);
    }
}
