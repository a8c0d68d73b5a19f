package sluice.core.sns;

import java.math.BigDecimal;
import java.util.Map;
import sluice.common.Json;

/**
 * The {@code throttlePolicy} of an HTTP/S delivery policy: at most {@code maxReceivesPerSecond}
 * deliveries a second to one subscription (the topic's {@code http.defaultThrottlePolicy},
 * overridden by the subscription's {@code throttlePolicy} unless the topic sets
 * {@code http.disableSubscriptionOverrides}). Deliveries are paced evenly, one every
 * {@code 1/maxReceivesPerSecond} seconds; a delivery whose turn has not come waits for it (it is
 * not a failed attempt and uses none of its retries).
 *
 * <p>What must always hold: two sends of one subscription never get turns closer together than
 * the interval. Thread-safe: turns are handed out under the instance's lock.
 */
final class DeliveryThrottle {
    private long nextTurnMicros = Long.MIN_VALUE;

    /** The subscription's limit in deliveries per second, or 0 for none. */
    static int maxReceivesPerSecond(Map<String, String> topicAttributes, Map<String, String> subscriptionAttributes) {
        int limit = 0;
        boolean overridable = true;
        if (object(topicAttributes.get(TopicAttributes.DELIVERY_POLICY)) instanceof Map<?, ?> topic
                && topic.get("http") instanceof Map<?, ?> http) {
            limit = limit(http.get("defaultThrottlePolicy"), limit);
            overridable = !Boolean.TRUE.equals(http.get("disableSubscriptionOverrides"));
        }
        if (overridable && object(subscriptionAttributes.get(SubscriptionAttributes.DELIVERY_POLICY)) instanceof Map<?, ?> s) {
            limit = limit(s.get("throttlePolicy"), limit);
        }
        return limit;
    }

    private static int limit(Object throttle, int fallback) {
        return throttle instanceof Map<?, ?> t && t.get("maxReceivesPerSecond") instanceof BigDecimal n && n.intValue() > 0
                ? n.intValue() : fallback;
    }

    private static Object object(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Takes the next turn for a send at {@code nowMillis} under a limit of {@code perSecond}:
     * returns 0 when the send may go now (the turn is taken), else how many milliseconds to wait
     * before asking again.
     */
    synchronized long take(long nowMillis, int perSecond) {
        if (perSecond <= 0) {
            return 0;
        }
        long now = nowMillis * 1000;
        if (nextTurnMicros > now) {
            return Math.max(1, (nextTurnMicros - now + 999) / 1000);
        }
        nextTurnMicros = now + 1_000_000L / perSecond;
        return 0;
    }
}
