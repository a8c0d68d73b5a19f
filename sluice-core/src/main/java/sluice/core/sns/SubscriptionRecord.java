package sluice.core.sns;

import java.util.Map;

/**
 * The stored form of a subscription: its ARN ({@code topicArn:uuid}), the topic it belongs to
 * (by id, so it never crosses to a later topic of the same name), protocol and endpoint, the
 * attributes a client set, and its confirmation state. {@code token} is what ConfirmSubscription
 * must present while the subscription is pending. {@code createdAt} (milliseconds; 0 when unknown)
 * starts the 48 hours a subscription may stay pending ({@link SubscriptionDeletion}).
 */
record SubscriptionRecord(String arn, long topicId, String topicArn, String protocol, String endpoint, String owner,
                          Map<String, String> attributes, boolean pending, String token, boolean authenticated,
                          long createdAt) {

    SubscriptionRecord {
        attributes = Map.copyOf(attributes);
    }

    SubscriptionRecord(String arn, long topicId, String topicArn, String protocol, String endpoint, String owner,
                       Map<String, String> attributes, boolean pending, String token, boolean authenticated) {
        this(arn, topicId, topicArn, protocol, endpoint, owner, attributes, pending, token, authenticated, 0);
    }

    SubscriptionRecord createdAt(long millis) {
        return new SubscriptionRecord(arn, topicId, topicArn, protocol, endpoint, owner, attributes, pending, token,
                authenticated, millis);
    }

    /** The part of the ARN after the topic ARN. */
    String uuid() {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    SubscriptionRecord withAttributes(Map<String, String> newAttributes) {
        return new SubscriptionRecord(arn, topicId, topicArn, protocol, endpoint, owner, newAttributes, pending, token,
                authenticated, createdAt);
    }

    SubscriptionRecord confirmed(boolean byAuthenticatedCall) {
        return new SubscriptionRecord(arn, topicId, topicArn, protocol, endpoint, owner, attributes, false, token,
                byAuthenticatedCall, createdAt);
    }

    boolean rawMessageDelivery() {
        return "true".equalsIgnoreCase(attributes.get(SubscriptionAttributes.RAW_MESSAGE_DELIVERY));
    }
}
