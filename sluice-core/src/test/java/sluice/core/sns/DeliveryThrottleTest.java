package sluice.core.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The throttlePolicy's limit as AWS's delivery policies state it, and the even pacing of sends. */
class DeliveryThrottleTest {

    @Test
    void turnsComeOneIntervalApart() {
        DeliveryThrottle throttle = new DeliveryThrottle();
        long t = 1_000_000;
        assertEquals(0, throttle.take(t, 4), "the first send goes at once");
        assertEquals(250, throttle.take(t, 4), "the next turn is 1/4 s later");
        assertEquals(150, throttle.take(t + 100, 4));
        assertEquals(0, throttle.take(t + 250, 4));
        assertTrue(throttle.take(t + 251, 4) > 0);
        assertEquals(0, new DeliveryThrottle().take(t, 0), "no limit");
    }

    @Test
    void subscriptionOverridesTheTopicUnlessTheTopicForbidsIt() {
        Map<String, String> topic = Map.of(TopicAttributes.DELIVERY_POLICY,
                "{\"http\":{\"defaultThrottlePolicy\":{\"maxReceivesPerSecond\":5}}}");
        Map<String, String> subscription = Map.of(SubscriptionAttributes.DELIVERY_POLICY,
                "{\"throttlePolicy\":{\"maxReceivesPerSecond\":2}}");
        assertEquals(0, DeliveryThrottle.maxReceivesPerSecond(Map.of(), Map.of()));
        assertEquals(5, DeliveryThrottle.maxReceivesPerSecond(topic, Map.of()));
        assertEquals(2, DeliveryThrottle.maxReceivesPerSecond(topic, subscription));
        Map<String, String> locked = Map.of(TopicAttributes.DELIVERY_POLICY, "{\"http\":{\"defaultThrottlePolicy\":"
                + "{\"maxReceivesPerSecond\":5},\"disableSubscriptionOverrides\":true}}");
        assertEquals(5, DeliveryThrottle.maxReceivesPerSecond(locked, subscription));
    }
}
