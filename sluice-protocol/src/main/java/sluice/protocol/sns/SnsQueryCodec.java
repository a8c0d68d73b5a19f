package sluice.protocol.sns;

import java.util.List;
import java.util.Map;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.protocol.wire.QueryNode;
import sluice.protocol.wire.WireResponse;

/**
 * The SNS wire protocol: AWS query ({@code Action=Publish&Version=2010-03-31&…} form parameters,
 * XML responses in the {@code http://sns.amazonaws.com/doc/2010-03-31/} namespace), the only one
 * SNS speaks.
 *
 * <p>Design: a facade over {@link SnsRequestReader} (parameter tree → records, through
 * {@link SnsParams}) and {@link SnsXmlEncoder}. The Action is checked first (MissingAction,
 * InvalidAction); {@code Version} and signature parameters are ignored. Thread-safe and stateless.
 */
public final class SnsQueryCodec {
    private final SnsXmlEncoder encoder = new SnsXmlEncoder();

    /**
     * Decodes form parameters (see {@link sluice.protocol.wire.FormDecoder}).
     *
     * @throws SnsException MissingAction, InvalidAction, InvalidParameter, ValidationError
     */
    public SnsRequest decode(Map<String, List<String>> params) {
        List<String> actions = params.get("Action");
        String action = actions == null || actions.isEmpty() ? null : actions.get(0);
        if (action == null || action.isEmpty()) {
            throw SnsError.MISSING_ACTION.error("The request must contain the parameter Action.");
        }
        if (!SnsRequestReader.OPERATIONS.contains(action)) {
            throw SnsRequestReader.invalidAction(action);
        }
        return SnsRequestReader.read(action, new SnsParams(QueryNode.build(params), ""));
    }

    public WireResponse encode(String operation, SnsResult result, String requestId) {
        return encoder.encode(operation, result, requestId);
    }

    public WireResponse encodeError(SnsException error, String requestId) {
        return encoder.encodeError(error, requestId);
    }
}
