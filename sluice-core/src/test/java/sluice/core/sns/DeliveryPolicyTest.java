package sluice.core.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private static List<Long> schedule(DeliveryPolicy p) {
        List<Long> delays = new ArrayList<>();
        for (int retry = 1; retry <= p.numRetries(); retry++) {
            delays.add(p.delayMillisBeforeRetry(retry));
        }
        return delays;
    }

    @Test
    void awsDefaultIsThreeRetriesTwentySecondsApart() {
        DeliveryPolicy p = DeliveryPolicy.effective(Map.of(), Map.of());
        assertEquals(List.of(20_000L, 20_000L, 20_000L), schedule(p));
        assertEquals("text/plain; charset=UTF-8", p.headerContentType());
    }

    @Test
    void phasesRunNoDelayThenMinThenBackoffThenMax() {
        DeliveryPolicy p = DeliveryPolicy.effective(Map.of(), Map.of("DeliveryPolicy", "{\"healthyRetryPolicy\":"
                + "{\"numRetries\":8,\"numNoDelayRetries\":1,\"numMinDelayRetries\":2,\"numMaxDelayRetries\":2,"
                + "\"minDelayTarget\":1,\"maxDelayTarget\":5,\"backoffFunction\":\"linear\"}}"));
        assertEquals(List.of(0L, 1000L, 1000L, 1000L, 3000L, 5000L, 5000L, 5000L), schedule(p));
    }

    @Test
    void everyBackoffFunctionRisesFromMinToMax() {
        for (String function : List.of("linear", "arithmetic", "geometric", "exponential")) {
            DeliveryPolicy p = DeliveryPolicy.effective(Map.of(), Map.of("DeliveryPolicy", "{\"healthyRetryPolicy\":"
                    + "{\"numRetries\":5,\"minDelayTarget\":2,\"maxDelayTarget\":32,\"backoffFunction\":\"" + function + "\"}}"));
            List<Long> delays = schedule(p);
            assertEquals(2000L, delays.getFirst(), function);
            assertEquals(32_000L, delays.getLast(), function);
            for (int i = 1; i < delays.size(); i++) {
                assertEquals(true, delays.get(i) >= delays.get(i - 1), function + " " + delays);
            }
        }
    }

    @Test
    void topicDefaultsApplyAndCanForbidSubscriptionOverrides() {
        String topic = "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":1,\"minDelayTarget\":7,"
                + "\"maxDelayTarget\":7},\"disableSubscriptionOverrides\":%s,"
                + "\"defaultRequestPolicy\":{\"headerContentType\":\"application/json\"}}}";
        Map<String, String> subscription = Map.of("DeliveryPolicy", "{\"healthyRetryPolicy\":{\"numRetries\":2}}");
        DeliveryPolicy overridden = DeliveryPolicy.effective(Map.of("DeliveryPolicy", topic.formatted("false")), subscription);
        assertEquals(List.of(7000L, 7000L), schedule(overridden));
        assertEquals("application/json", overridden.headerContentType());
        DeliveryPolicy locked = DeliveryPolicy.effective(Map.of("DeliveryPolicy", topic.formatted("true")), subscription);
        assertEquals(List.of(7000L), schedule(locked));
    }
}
