package sluice.core.sns;

import java.math.BigDecimal;
import java.util.Map;
import sluice.common.Json;

/**
 * The retry schedule of an HTTP/S delivery, from AWS's delivery policy: the topic's
 * {@code http.defaultHealthyRetryPolicy} and {@code http.defaultRequestPolicy}, overridden by the
 * subscription's {@code healthyRetryPolicy} and {@code requestPolicy} unless the topic sets
 * {@code http.disableSubscriptionOverrides}; members not given keep AWS's defaults (3 retries,
 * 20 seconds apart, linear).
 *
 * <p>The {@code numRetries} retries run in AWS's four phases: {@code numNoDelayRetries} at once,
 * {@code numMinDelayRetries} {@code minDelayTarget} seconds apart, the backoff phase (the retries
 * left over) rising from {@code minDelayTarget} to {@code maxDelayTarget}, then
 * {@code numMaxDelayRetries} {@code maxDelayTarget} apart. AWS names the backoff functions but does
 * not publish their formulas; Sluice rises over the backoff phase's fraction {@code f} (0 at its
 * first retry, 1 at its last) as {@code f} (linear), {@code f²} (arithmetic), {@code f³} (geometric)
 * and {@code min·(max/min)^f} (exponential), so every function starts at the minimum and ends at
 * the maximum as AWS's graph shows. AWS adds jitter; Sluice does not, so schedules are reproducible.
 */
record DeliveryPolicy(int numRetries, int numNoDelayRetries, int numMinDelayRetries, int numMaxDelayRetries,
                      int minDelayTarget, int maxDelayTarget, String backoffFunction, String headerContentType) {

    static final DeliveryPolicy AWS_DEFAULT = new DeliveryPolicy(3, 0, 0, 0, 20, 20, "linear",
            "text/plain; charset=UTF-8");

    /** The policy in force for an HTTP/S subscription of a topic with these attributes. */
    static DeliveryPolicy effective(Map<String, String> topicAttributes, Map<String, String> subscriptionAttributes) {
        DeliveryPolicy policy = AWS_DEFAULT;
        boolean overridable = true;
        Map<?, ?> topic = object(topicAttributes.get(TopicAttributes.DELIVERY_POLICY));
        if (topic != null && topic.get("http") instanceof Map<?, ?> http) {
            policy = policy.with(http.get("defaultHealthyRetryPolicy"), http.get("defaultRequestPolicy"));
            overridable = !Boolean.TRUE.equals(http.get("disableSubscriptionOverrides"));
        }
        Map<?, ?> subscription = object(subscriptionAttributes.get(SubscriptionAttributes.DELIVERY_POLICY));
        if (overridable && subscription != null) {
            policy = policy.with(subscription.get("healthyRetryPolicy"), subscription.get("requestPolicy"));
        }
        return policy;
    }

    private static Map<?, ?> object(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.parse(json) instanceof Map<?, ?> m ? m : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private DeliveryPolicy with(Object retry, Object request) {
        DeliveryPolicy p = this;
        if (retry instanceof Map<?, ?> r) {
            p = new DeliveryPolicy(integer(r, "numRetries", numRetries), integer(r, "numNoDelayRetries", numNoDelayRetries),
                    integer(r, "numMinDelayRetries", numMinDelayRetries), integer(r, "numMaxDelayRetries", numMaxDelayRetries),
                    integer(r, "minDelayTarget", minDelayTarget), integer(r, "maxDelayTarget", maxDelayTarget),
                    r.get("backoffFunction") instanceof String f ? f : backoffFunction, headerContentType);
        }
        if (request instanceof Map<?, ?> q && q.get("headerContentType") instanceof String type) {
            p = new DeliveryPolicy(p.numRetries, p.numNoDelayRetries, p.numMinDelayRetries, p.numMaxDelayRetries,
                    p.minDelayTarget, p.maxDelayTarget, p.backoffFunction, type);
        }
        return p;
    }

    private static int integer(Map<?, ?> in, String name, int fallback) {
        return in.get(name) instanceof BigDecimal n ? Math.max(0, n.intValue()) : fallback;
    }

    /** The delay in milliseconds before retry number {@code retry} (1 for the first retry). */
    long delayMillisBeforeRetry(int retry) {
        int backoffRetries = Math.max(0, numRetries - numNoDelayRetries - numMinDelayRetries - numMaxDelayRetries);
        if (retry <= numNoDelayRetries) {
            return 0;
        }
        if (retry <= numNoDelayRetries + numMinDelayRetries) {
            return minDelayTarget * 1000L;
        }
        int inBackoff = retry - numNoDelayRetries - numMinDelayRetries;
        if (inBackoff > backoffRetries) {
            return maxDelayTarget * 1000L;
        }
        double f = backoffRetries == 1 ? 1.0 : (inBackoff - 1) / (double) (backoffRetries - 1);
        double min = minDelayTarget;
        double max = Math.max(minDelayTarget, maxDelayTarget);
        double seconds = switch (backoffFunction) {
            case "arithmetic" -> min + (max - min) * f * f;
            case "geometric" -> min + (max - min) * f * f * f;
            case "exponential" -> min > 0 ? min * Math.pow(max / min, f) : max * f;
            default -> min + (max - min) * f;
        };
        return Math.round(seconds * 1000);
    }
}
