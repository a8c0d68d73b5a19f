package sluice.server.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sluice.api.sqs.SqsApi;
import sluice.api.sqs.SqsContext;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.common.Scope;
import sluice.protocol.sqs.SqsJsonCodec;
import sluice.protocol.sqs.SqsQueryCodec;
import sluice.protocol.wire.FormDecoder;
import sluice.protocol.wire.WireResponse;
import sluice.server.http.InboundRequest;

/**
 * SQS over HTTP, in both dialects: JSON 1.0 ({@code X-Amz-Target: AmazonSQS.*}) and query (form
 * {@code Action=…}, XML answers). It decodes into the API record, runs it, and encodes the result
 * or the error in the dialect the request came in.
 */
final class SqsEndpoint {
    static final String TARGET_PREFIX = "AmazonSQS.";

    private final SqsApi sqs;
    private final SqsJsonCodec json = new SqsJsonCodec();
    private final SqsQueryCodec query = new SqsQueryCodec();

    SqsEndpoint(SqsApi sqs) {
        this.sqs = sqs;
    }

    /** Which dialect a request speaks: JSON when it names an SQS target, else query. */
    static boolean isJson(InboundRequest request) {
        String target = request.header("x-amz-target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    CompletableFuture<WireResponse> handle(InboundRequest request, Scope scope, String baseUrl, String requestId) {
        boolean isJson = isJson(request);
        String operation = null;
        try {
            SqsRequest decoded;
            if (isJson) {
                operation = request.header("x-amz-target").substring(TARGET_PREFIX.length());
                decoded = json.decode(operation, request.body());
            } else {
                Map<String, List<String>> params = queryParams(request);
                decoded = query.decode(params);
                operation = decoded.operation();
            }
            decoded = QueueUrlFromPath.apply(decoded, queueUrlInPath(request.rawPath(), baseUrl));
            String op = operation;
            return Replies.encode(request, sqs.execute(new SqsContext(scope, baseUrl), decoded), (result, error) -> {
                if (error != null) {
                    return error(isJson, asSqsException(error), requestId);
                }
                return isJson ? json.encode(op, result, requestId) : query.encode(op, result, requestId);
            });
        } catch (SqsException e) {
            return CompletableFuture.completedFuture(error(isJson, e, requestId));
        }
    }

    WireResponse error(boolean isJson, SqsException e, String requestId) {
        return isJson ? json.encodeError(e, requestId) : query.encodeError(e, requestId);
    }

    private static SqsException asSqsException(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof SqsException e) {
            return e;
        }
        System.getLogger(SqsEndpoint.class.getName()).log(System.Logger.Level.ERROR, "SQS request failed", t);
        return SqsError.INTERNAL_FAILURE.error("We encountered an internal error. Please try again.");
    }

    /** Query parameters from the URL and, for form posts, the body. */
    static Map<String, List<String>> queryParams(InboundRequest request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        try {
            if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
                FormDecoder.parse(request.rawQuery()).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            }
            if (request.body().length > 0) {
                String form = new String(request.body(), StandardCharsets.UTF_8);
                FormDecoder.parse(form).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            }
        } catch (IllegalArgumentException e) {
            throw SqsError.MALFORMED_QUERY_STRING.error("The query string is malformed: " + e.getMessage());
        }
        return params;
    }

    /** The queue URL named by a {@code /account/queue} path, or null. */
    private static String queueUrlInPath(String rawPath, String baseUrl) {
        if (rawPath == null) {
            return null;
        }
        String path = rawPath;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] parts = path.split("/");
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return baseUrl + "/" + parts[1] + "/" + parts[2];
    }
}
