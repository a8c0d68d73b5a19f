package sluice.api.sns;

import java.util.List;
import java.util.Map;

/**
 * One result record per SNS output shape; the encoder turns them into query-protocol XML. Several
 * operations share a shape (GetTopicAttributes and GetSubscriptionAttributes both answer
 * {@link Attributes}); the encoder picks the element names by operation.
 */
public sealed interface SnsResult {

    /** Operations whose response carries no members (DeleteTopic, TagResource, …). */
    record Empty() implements SnsResult {
    }

    /** CreateTopic. */
    record TopicArn(String topicArn) implements SnsResult {
    }

    /** Subscribe and ConfirmSubscription. */
    record SubscriptionArn(String subscriptionArn) implements SnsResult {
    }

    record Topics(List<String> topicArns, String nextToken) implements SnsResult {
    }

    record Subscriptions(List<Subscription> subscriptions, String nextToken) implements SnsResult {
    }

    /** Topic, subscription, endpoint, platform application and SMS attributes. */
    record Attributes(Map<String, String> attributes) implements SnsResult {
    }

    record Tags(List<Tag> tags) implements SnsResult {
    }

    record DataProtectionPolicy(String dataProtectionPolicy) implements SnsResult {
    }

    /** {@code sequenceNumber} only for FIFO topics. */
    record Publish(String messageId, String sequenceNumber) implements SnsResult {
    }

    record PublishBatch(List<BatchSuccess> successful, List<BatchFailure> failed) implements SnsResult {
    }

    record PlatformApplicationArn(String platformApplicationArn) implements SnsResult {
    }

    record EndpointArn(String endpointArn) implements SnsResult {
    }

    /** ListPlatformApplications and ListEndpointsByPlatformApplication. */
    record ArnsWithAttributes(List<ArnWithAttributes> items, String nextToken) implements SnsResult {
    }

    record OptedOut(boolean isOptedOut) implements SnsResult {
    }

    /** ListPhoneNumbersOptedOut. */
    record PhoneNumbers(List<String> phoneNumbers, String nextToken) implements SnsResult {
    }

    record OriginationNumbers(List<OriginationNumber> phoneNumbers, String nextToken) implements SnsResult {
    }

    record SandboxAccountStatus(boolean isInSandbox) implements SnsResult {
    }

    record SandboxPhoneNumbers(List<SandboxPhoneNumber> phoneNumbers, String nextToken) implements SnsResult {
    }

    record Subscription(String subscriptionArn, String owner, String protocol, String endpoint, String topicArn) {
    }

    record BatchSuccess(String id, String messageId, String sequenceNumber) {
    }

    record BatchFailure(String id, String code, String message, boolean senderFault) {
    }

    record ArnWithAttributes(String arn, Map<String, String> attributes) {
    }

    record OriginationNumber(long createdAtMillis, String phoneNumber, String status, String iso2CountryCode,
                             String routeType, List<String> numberCapabilities) {
    }

    record SandboxPhoneNumber(String phoneNumber, String status) {
    }
}
