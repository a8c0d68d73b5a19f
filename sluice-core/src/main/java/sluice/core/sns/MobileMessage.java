package sluice.core.sns;

import java.util.Map;

/**
 * One SMS or mobile push notification SNS would hand to a carrier or a push service: {@code type}
 * {@code sms} (destination: the phone number) or {@code push} (destination: the platform endpoint
 * ARN, with its {@code platform} and device {@code token}), the message as that protocol receives
 * it, and where it came from (topic and subscription, null for a direct publish).
 */
public record MobileMessage(String type, String messageId, String timestamp, String destination, String platform,
                            String token, String message, String subject, String topicArn, String subscriptionArn,
                            Map<String, String> attributes) {

    public MobileMessage {
        attributes = Map.copyOf(attributes);
    }
}
