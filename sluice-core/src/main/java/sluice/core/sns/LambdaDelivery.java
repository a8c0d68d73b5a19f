package sluice.core.sns;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sluice.api.sns.MessageAttributeValue;
import sluice.common.Arn;
import sluice.common.Json;

/**
 * Delivers notifications to {@code lambda} subscriptions by invoking a Lambda-Invoke-compatible
 * HTTP endpoint configured per function ARN: an asynchronous invocation
 * ({@code POST {endpoint}/2015-03-31/functions/{name}/invocations}, {@code X-Amz-Invocation-Type:
 * Event}, a {@code Qualifier} when the ARN names a version or alias) whose payload is AWS's SNS
 * event ({@code Records[0]} with {@code EventSource aws:sns}, {@code EventSubscriptionArn} and the
 * {@code Sns} notification). A 2xx answer delivers; a 429, a 5xx or no answer is retried with
 * AWS's policy for AWS-managed endpoints ({@link #AWS_MANAGED_POLICY}); another 4xx, or a function
 * no endpoint is configured for, is a client error, which AWS does not retry (the message goes to
 * the subscription's dead-letter queue, if any).
 */
final class LambdaDelivery {
    /** AWS's retry policy for SQS and Lambda endpoints: 3 immediate, 2 one second apart, 10 backing off to 20 s, then every 20 s. */
    static final DeliveryPolicy AWS_MANAGED_POLICY = new DeliveryPolicy(100_015, 3, 2, 100_000, 1, 20, "exponential",
            "application/json");

    private final HttpEndpointSender sender;
    private final Map<String, String> endpoints;
    /** Functions already reported as unconfigured (each is reported once). */
    private final java.util.Set<String> unconfigured = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code endpoints}: function ARN (with or without qualifier) → base URL of a Lambda-Invoke-compatible API. */
    LambdaDelivery(HttpEndpointSender sender, Map<String, String> endpoints) {
        this.sender = sender;
        this.endpoints = Map.copyOf(endpoints);
    }

    /** AWS's SNS event for one notification to one Lambda subscription. */
    static String event(SubscriptionRecord s, Notification n, String unsubscribeUrl) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        n.messageAttributes().forEach((name, v) -> attributes.put(name, attribute(v)));
        Map<String, Object> sns = new LinkedHashMap<>();
        sns.put("Type", "Notification");
        sns.put("MessageId", n.messageId());
        sns.put("TopicArn", n.topicArn());
        sns.put("Subject", n.subject());
        sns.put("Message", n.message());
        sns.put("Timestamp", n.timestamp());
        sns.put("SignatureVersion", n.signatureVersion());
        sns.put("Signature", n.signature());
        sns.put("SigningCertUrl", n.signingCertUrl());
        sns.put("UnsubscribeUrl", unsubscribeUrl);
        sns.put("MessageAttributes", attributes);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", s.arn());
        record.put("Sns", sns);
        return Json.write(Map.of("Records", List.of(record)));
    }

    private static Map<String, Object> attribute(MessageAttributeValue v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Type", v.dataType());
        out.put("Value", v.isBinary() ? Base64.getEncoder().encodeToString(v.binaryValue()) : v.stringValue());
        return out;
    }

    /** One asynchronous invocation of the subscription's function with this event. */
    CompletableFuture<DeliveryRetries.Outcome> invoke(SubscriptionRecord s, String event) {
        Arn function = Arn.parse(s.endpoint());
        String base = endpointOf(s.endpoint());
        if (function == null || base == null || !function.resource().startsWith("function:")) {
            if (unconfigured.add(s.endpoint())) {
                System.getLogger(LambdaDelivery.class.getName()).log(System.Logger.Level.WARNING, () -> "no Lambda endpoint "
                        + "is configured for " + s.endpoint() + ", so SNS cannot deliver to it; set lambda.functions "
                        + "(SLUICE_LAMBDA_ENDPOINTS) to its Lambda-Invoke-compatible URL");
            }
            return CompletableFuture.completedFuture(DeliveryRetries.Outcome.REJECTED);
        }
        String[] parts = function.resource().split(":");
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/2015-03-31/functions/"
                + URLEncoder.encode(parts[1], StandardCharsets.UTF_8) + "/invocations"
                + (parts.length > 2 ? "?Qualifier=" + URLEncoder.encode(parts[2], StandardCharsets.UTF_8) : "");
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Event");
        return sender.post(url, headers, event).thenApply(status -> {
            if (status / 100 == 2) {
                return DeliveryRetries.Outcome.DELIVERED;
            }
            return status == 0 || status == 429 || status >= 500 ? DeliveryRetries.Outcome.FAILED
                    : DeliveryRetries.Outcome.REJECTED;
        });
    }

    private String endpointOf(String functionArn) {
        String exact = endpoints.get(functionArn);
        if (exact != null) {
            return exact;
        }
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? endpoints.get(String.join(":", java.util.Arrays.copyOf(parts, 7))) : null;
    }
}
