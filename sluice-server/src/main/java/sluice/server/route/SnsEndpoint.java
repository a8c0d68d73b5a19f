package sluice.server.route;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import sluice.api.sns.SnsApi;
import sluice.api.sns.SnsContext;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.common.Arn;
import sluice.common.Scope;
import sluice.protocol.sns.SnsQueryCodec;
import sluice.protocol.wire.WireResponse;
import sluice.server.http.InboundRequest;

/**
 * SNS over HTTP: the query protocol (form {@code Action=…&Version=2010-03-31}, XML answers), the
 * only one SNS speaks. It decodes into the API record, runs it, and encodes the result or the error.
 */
final class SnsEndpoint {
    private final SnsApi sns;
    private final SnsQueryCodec codec = new SnsQueryCodec();

    SnsEndpoint(SnsApi sns) {
        this.sns = sns;
    }

    CompletableFuture<WireResponse> handle(InboundRequest request, Scope scope, String baseUrl, String requestId) {
        try {
            Map<String, List<String>> params = formParams(request);
            SnsRequest decoded = codec.decode(params);
            String operation = decoded.operation();
            return Replies.encode(request, sns.execute(new SnsContext(scope, baseUrl), decoded), (result, error) -> error != null
                    ? codec.encodeError(asSnsException(error), requestId)
                    : codec.encode(operation, result, requestId));
        } catch (SnsException e) {
            return CompletableFuture.completedFuture(codec.encodeError(e, requestId));
        }
    }

    /**
     * Whether this is the GET of a SubscribeURL as SNS sends it to HTTP and email subscribers: an
     * unsigned {@code ?Action=ConfirmSubscription&TopicArn=…&Token=…}, which AWS accepts without
     * credentials (the token is the proof).
     */
    static boolean isUnsignedConfirmation(InboundRequest request) {
        String query = request.rawQuery();
        return "GET".equals(request.method()) && request.header("authorization") == null && query != null
                && query.contains("Action=ConfirmSubscription") && !query.contains("X-Amz-Signature");
    }

    /** Confirms a subscription from its SubscribeURL; the scope is the topic's own account and region. */
    CompletableFuture<WireResponse> handleUnsignedConfirmation(InboundRequest request, String baseUrl, String requestId) {
        try {
            Map<String, List<String>> params = formParams(request);
            SnsRequest decoded = codec.decode(params);
            if (!(decoded instanceof SnsRequest.ConfirmSubscription confirm)) {
                throw SnsException.invalidParameter("Action");
            }
            Arn topic = Arn.parse(confirm.topicArn());
            if (topic == null) {
                throw SnsException.invalidParameter("Topic");
            }
            Scope scope = new Scope(topic.account(), topic.region());
            return Replies.encode(request, sns.execute(new SnsContext(scope, baseUrl), decoded), (result, error) -> error != null
                    ? codec.encodeError(asSnsException(error), requestId)
                    : codec.encode(decoded.operation(), result, requestId));
        } catch (SnsException e) {
            return CompletableFuture.completedFuture(codec.encodeError(e, requestId));
        }
    }

    /** The SMS and push notifications SNS would have sent, as JSON ({@code /_sluice/sns/outbox}). */
    String outboxJson() {
        return sns.outboxJson();
    }

    WireResponse error(SnsException e, String requestId) {
        return codec.encodeError(e, requestId);
    }

    private static Map<String, List<String>> formParams(InboundRequest request) {
        try {
            return SqsEndpoint.queryParams(request);
        } catch (sluice.api.sqs.SqsException e) {
            throw SnsError.MALFORMED_QUERY_STRING.error(e.getMessage());
        }
    }

    private static SnsException asSnsException(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof SnsException e) {
            return e;
        }
        System.getLogger(SnsEndpoint.class.getName()).log(System.Logger.Level.ERROR, "SNS request failed", t);
        return SnsError.INTERNAL_ERROR.error("Internal Error");
    }
}
