package sluice.api.sns;

import java.util.List;
import java.util.Map;

/**
 * One record per SNS operation (all 42 of API version 2010-03-31), as decoded from the query
 * protocol. Optional members are null when absent; collections are never null (empty when
 * absent), except where a record says so. Nothing here knows the wire or the storage.
 */
public sealed interface SnsRequest {

    /** The wire name of the operation, e.g. {@code Publish}. */
    default String operation() {
        return getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ topics

    record CreateTopic(String name, Map<String, String> attributes, List<Tag> tags,
                       String dataProtectionPolicy) implements SnsRequest {
    }

    record DeleteTopic(String topicArn) implements SnsRequest {
    }

    record ListTopics(String nextToken) implements SnsRequest {
    }

    record GetTopicAttributes(String topicArn) implements SnsRequest {
    }

    record SetTopicAttributes(String topicArn, String attributeName, String attributeValue) implements SnsRequest {
    }

    record AddPermission(String topicArn, String label, List<String> awsAccountIds,
                         List<String> actionNames) implements SnsRequest {
    }

    record RemovePermission(String topicArn, String label) implements SnsRequest {
    }

    record GetDataProtectionPolicy(String resourceArn) implements SnsRequest {
    }

    record PutDataProtectionPolicy(String resourceArn, String dataProtectionPolicy) implements SnsRequest {
    }

    record TagResource(String resourceArn, List<Tag> tags) implements SnsRequest {
    }

    record UntagResource(String resourceArn, List<String> tagKeys) implements SnsRequest {
    }

    record ListTagsForResource(String resourceArn) implements SnsRequest {
    }

    // ------------------------------------------------------------------ subscriptions

    /** {@code returnSubscriptionArn} is null when absent. */
    record Subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes,
                     Boolean returnSubscriptionArn) implements SnsRequest {
    }

    record ConfirmSubscription(String topicArn, String token, String authenticateOnUnsubscribe) implements SnsRequest {
    }

    record Unsubscribe(String subscriptionArn) implements SnsRequest {
    }

    record ListSubscriptions(String nextToken) implements SnsRequest {
    }

    record ListSubscriptionsByTopic(String topicArn, String nextToken) implements SnsRequest {
    }

    record GetSubscriptionAttributes(String subscriptionArn) implements SnsRequest {
    }

    record SetSubscriptionAttributes(String subscriptionArn, String attributeName,
                                     String attributeValue) implements SnsRequest {
    }

    // ------------------------------------------------------------------ publishing

    record Publish(String topicArn, String targetArn, String phoneNumber, PublishEntry entry) implements SnsRequest {
    }

    record PublishBatch(String topicArn, List<PublishBatchEntry> entries) implements SnsRequest {
    }

    /** The message of a Publish or of one PublishBatch entry. */
    record PublishEntry(String message, String subject, String messageStructure,
                        Map<String, MessageAttributeValue> messageAttributes, String messageDeduplicationId,
                        String messageGroupId) {
    }

    record PublishBatchEntry(String id, PublishEntry entry) {
    }

    // ------------------------------------------------------------------ mobile push

    record CreatePlatformApplication(String name, String platform, Map<String, String> attributes) implements SnsRequest {
    }

    record DeletePlatformApplication(String platformApplicationArn) implements SnsRequest {
    }

    record ListPlatformApplications(String nextToken) implements SnsRequest {
    }

    record GetPlatformApplicationAttributes(String platformApplicationArn) implements SnsRequest {
    }

    record SetPlatformApplicationAttributes(String platformApplicationArn,
                                            Map<String, String> attributes) implements SnsRequest {
    }

    record CreatePlatformEndpoint(String platformApplicationArn, String token, String customUserData,
                                  Map<String, String> attributes) implements SnsRequest {
    }

    record DeleteEndpoint(String endpointArn) implements SnsRequest {
    }

    record ListEndpointsByPlatformApplication(String platformApplicationArn, String nextToken) implements SnsRequest {
    }

    record GetEndpointAttributes(String endpointArn) implements SnsRequest {
    }

    record SetEndpointAttributes(String endpointArn, Map<String, String> attributes) implements SnsRequest {
    }

    // ------------------------------------------------------------------ SMS

    record GetSMSAttributes(List<String> attributes) implements SnsRequest {
    }

    record SetSMSAttributes(Map<String, String> attributes) implements SnsRequest {
    }

    record CheckIfPhoneNumberIsOptedOut(String phoneNumber) implements SnsRequest {
    }

    record ListPhoneNumbersOptedOut(String nextToken) implements SnsRequest {
    }

    record OptInPhoneNumber(String phoneNumber) implements SnsRequest {
    }

    record ListOriginationNumbers(String nextToken, Integer maxResults) implements SnsRequest {
    }

    record GetSMSSandboxAccountStatus() implements SnsRequest {
    }

    record CreateSMSSandboxPhoneNumber(String phoneNumber, String languageCode) implements SnsRequest {
    }

    record DeleteSMSSandboxPhoneNumber(String phoneNumber) implements SnsRequest {
    }

    record VerifySMSSandboxPhoneNumber(String phoneNumber, String oneTimePassword) implements SnsRequest {
    }

    record ListSMSSandboxPhoneNumbers(String nextToken, Integer maxResults) implements SnsRequest {
    }
}
