package sluice.protocol.sqs;

import java.util.List;
import java.util.Map;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.protocol.wire.QueryNode;

/**
 * Decodes query-protocol SQS requests ({@code Action=SendMessage&Version=2012-11-05&…}, already
 * form-decoded) into the same records as the JSON dialect.
 *
 * <p>Design: the Action is checked first (MissingAction, InvalidAction), then the parameters are
 * arranged once into a {@link QueryNode} tree and read by {@link SqsRequestReader} through
 * {@link QueryParams}. {@code Version} and signature parameters are ignored. Stateless.
 */
final class SqsQueryDecoder {

    SqsRequest decode(Map<String, List<String>> params) {
        List<String> actions = params.get("Action");
        String action = actions == null || actions.isEmpty() ? null : actions.get(0);
        if (action == null || action.isEmpty()) {
            throw missingAction();
        }
        if (!SqsRequestReader.OPERATIONS.contains(action)) {
            throw SqsRequestReader.invalidAction(action);
        }
        return SqsRequestReader.read(action, new QueryParams(QueryNode.build(params)));
    }

    static SqsException missingAction() {
        return SqsError.MISSING_ACTION.error("The request must contain the parameter Action.");
    }
}
