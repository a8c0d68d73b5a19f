package sluice.protocol.sns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.Tag;

/**
 * Builds {@link SnsRequest} records from the query parameters of one request.
 *
 * <p>Design: one switch on the Action; each case reads its members by their wire names (the
 * botocore SNS model, 2010-03-31) and checks the required ones, answering a missing one with
 * InvalidParameter ({@code Invalid parameter: TopicArn Reason: no value for required parameter}).
 * Publish's Message and the batch entries' members are left to the service, which words those
 * errors as AWS does. Absent collections become empty ones. Stateless.
 */
final class SnsRequestReader {

    /** Every operation {@link #read} knows, so an unknown Action is rejected before parsing. */
    static final Set<String> OPERATIONS = Set.of("AddPermission", "CheckIfPhoneNumberIsOptedOut",
            "ConfirmSubscription", "CreatePlatformApplication", "CreatePlatformEndpoint", "CreateSMSSandboxPhoneNumber",
            "CreateTopic", "DeleteEndpoint", "DeletePlatformApplication", "DeleteSMSSandboxPhoneNumber", "DeleteTopic",
            "GetDataProtectionPolicy", "GetEndpointAttributes", "GetPlatformApplicationAttributes", "GetSMSAttributes",
            "GetSMSSandboxAccountStatus", "GetSubscriptionAttributes", "GetTopicAttributes",
            "ListEndpointsByPlatformApplication", "ListOriginationNumbers", "ListPhoneNumbersOptedOut",
            "ListPlatformApplications", "ListSMSSandboxPhoneNumbers", "ListSubscriptions", "ListSubscriptionsByTopic",
            "ListTagsForResource", "ListTopics", "OptInPhoneNumber", "Publish", "PublishBatch",
            "PutDataProtectionPolicy", "RemovePermission", "SetEndpointAttributes", "SetPlatformApplicationAttributes",
            "SetSMSAttributes", "SetSubscriptionAttributes", "SetTopicAttributes", "Subscribe", "TagResource",
            "Unsubscribe", "UntagResource", "VerifySMSSandboxPhoneNumber");

    private SnsRequestReader() {
    }

    static SnsException invalidAction(String operation) {
        return SnsError.INVALID_ACTION.error("Could not find operation " + operation + " for version 2010-03-31");
    }

    static SnsRequest read(String operation, SnsParams p) {
        return switch (operation) {
            case "CreateTopic" -> new SnsRequest.CreateTopic(p.required("Name"), orEmpty(p.map("Attributes")),
                    orEmptyTags(p.tags("Tags")), p.string("DataProtectionPolicy"));
            case "DeleteTopic" -> new SnsRequest.DeleteTopic(p.required("TopicArn"));
            case "ListTopics" -> new SnsRequest.ListTopics(p.string("NextToken"));
            case "GetTopicAttributes" -> new SnsRequest.GetTopicAttributes(p.required("TopicArn"));
            case "SetTopicAttributes" -> new SnsRequest.SetTopicAttributes(p.required("TopicArn"),
                    p.required("AttributeName"), p.string("AttributeValue"));
            case "AddPermission" -> new SnsRequest.AddPermission(p.required("TopicArn"), p.required("Label"),
                    requiredList(p, "AWSAccountId"), requiredList(p, "ActionName"));
            case "RemovePermission" -> new SnsRequest.RemovePermission(p.required("TopicArn"), p.required("Label"));
            case "GetDataProtectionPolicy" -> new SnsRequest.GetDataProtectionPolicy(p.required("ResourceArn"));
            case "PutDataProtectionPolicy" -> new SnsRequest.PutDataProtectionPolicy(p.required("ResourceArn"),
                    p.required("DataProtectionPolicy"));
            case "TagResource" -> new SnsRequest.TagResource(p.required("ResourceArn"), requiredTags(p));
            case "UntagResource" -> new SnsRequest.UntagResource(p.required("ResourceArn"), requiredList(p, "TagKeys"));
            case "ListTagsForResource" -> new SnsRequest.ListTagsForResource(p.required("ResourceArn"));
            case "Subscribe" -> new SnsRequest.Subscribe(p.required("TopicArn"), p.required("Protocol"),
                    p.string("Endpoint"), orEmpty(p.map("Attributes")), p.bool("ReturnSubscriptionArn"));
            case "ConfirmSubscription" -> new SnsRequest.ConfirmSubscription(p.required("TopicArn"),
                    p.required("Token"), p.string("AuthenticateOnUnsubscribe"));
            case "Unsubscribe" -> new SnsRequest.Unsubscribe(p.required("SubscriptionArn"));
            case "ListSubscriptions" -> new SnsRequest.ListSubscriptions(p.string("NextToken"));
            case "ListSubscriptionsByTopic" -> new SnsRequest.ListSubscriptionsByTopic(p.required("TopicArn"),
                    p.string("NextToken"));
            case "GetSubscriptionAttributes" -> new SnsRequest.GetSubscriptionAttributes(p.required("SubscriptionArn"));
            case "SetSubscriptionAttributes" -> new SnsRequest.SetSubscriptionAttributes(p.required("SubscriptionArn"),
                    p.required("AttributeName"), p.string("AttributeValue"));
            case "Publish" -> new SnsRequest.Publish(p.string("TopicArn"), p.string("TargetArn"),
                    p.string("PhoneNumber"), entry(p));
            case "PublishBatch" -> publishBatch(p);
            case "CreatePlatformApplication" -> new SnsRequest.CreatePlatformApplication(p.required("Name"),
                    p.required("Platform"), orEmpty(p.map("Attributes")));
            case "DeletePlatformApplication" -> new SnsRequest.DeletePlatformApplication(
                    p.required("PlatformApplicationArn"));
            case "ListPlatformApplications" -> new SnsRequest.ListPlatformApplications(p.string("NextToken"));
            case "GetPlatformApplicationAttributes" -> new SnsRequest.GetPlatformApplicationAttributes(
                    p.required("PlatformApplicationArn"));
            case "SetPlatformApplicationAttributes" -> new SnsRequest.SetPlatformApplicationAttributes(
                    p.required("PlatformApplicationArn"), orEmpty(p.map("Attributes")));
            case "CreatePlatformEndpoint" -> new SnsRequest.CreatePlatformEndpoint(p.required("PlatformApplicationArn"),
                    p.required("Token"), p.string("CustomUserData"), orEmpty(p.map("Attributes")));
            case "DeleteEndpoint" -> new SnsRequest.DeleteEndpoint(p.required("EndpointArn"));
            case "ListEndpointsByPlatformApplication" -> new SnsRequest.ListEndpointsByPlatformApplication(
                    p.required("PlatformApplicationArn"), p.string("NextToken"));
            case "GetEndpointAttributes" -> new SnsRequest.GetEndpointAttributes(p.required("EndpointArn"));
            case "SetEndpointAttributes" -> new SnsRequest.SetEndpointAttributes(p.required("EndpointArn"),
                    orEmpty(p.map("Attributes")));
            case "GetSMSAttributes" -> new SnsRequest.GetSMSAttributes(orEmpty(p.strings("attributes")));
            case "SetSMSAttributes" -> new SnsRequest.SetSMSAttributes(orEmpty(p.map("attributes")));
            case "CheckIfPhoneNumberIsOptedOut" -> new SnsRequest.CheckIfPhoneNumberIsOptedOut(p.required("phoneNumber"));
            case "ListPhoneNumbersOptedOut" -> new SnsRequest.ListPhoneNumbersOptedOut(p.string("nextToken"));
            case "OptInPhoneNumber" -> new SnsRequest.OptInPhoneNumber(p.required("phoneNumber"));
            case "ListOriginationNumbers" -> new SnsRequest.ListOriginationNumbers(p.string("NextToken"),
                    p.integer("MaxResults"));
            case "GetSMSSandboxAccountStatus" -> new SnsRequest.GetSMSSandboxAccountStatus();
            case "CreateSMSSandboxPhoneNumber" -> new SnsRequest.CreateSMSSandboxPhoneNumber(p.required("PhoneNumber"),
                    p.string("LanguageCode"));
            case "DeleteSMSSandboxPhoneNumber" -> new SnsRequest.DeleteSMSSandboxPhoneNumber(p.required("PhoneNumber"));
            case "VerifySMSSandboxPhoneNumber" -> new SnsRequest.VerifySMSSandboxPhoneNumber(p.required("PhoneNumber"),
                    p.required("OneTimePassword"));
            case "ListSMSSandboxPhoneNumbers" -> new SnsRequest.ListSMSSandboxPhoneNumbers(p.string("NextToken"),
                    p.integer("MaxResults"));
            default -> throw invalidAction(operation);
        };
    }

    private static SnsRequest.PublishEntry entry(SnsParams p) {
        return new SnsRequest.PublishEntry(p.string("Message"), p.string("Subject"), p.string("MessageStructure"),
                orEmptyAttributes(p.messageAttributes("MessageAttributes")), p.string("MessageDeduplicationId"),
                p.string("MessageGroupId"));
    }

    private static SnsRequest.PublishBatch publishBatch(SnsParams p) {
        String topicArn = p.required("TopicArn");
        List<SnsParams> entries = p.entries("PublishBatchRequestEntries");
        if (entries == null) {
            throw p.missingMember("PublishBatchRequestEntries");
        }
        List<SnsRequest.PublishBatchEntry> out = new ArrayList<>(entries.size());
        for (SnsParams e : entries) {
            out.add(new SnsRequest.PublishBatchEntry(e.string("Id"), entry(e)));
        }
        return new SnsRequest.PublishBatch(topicArn, out);
    }

    private static List<String> requiredList(SnsParams p, String name) {
        List<String> list = p.strings(name);
        if (list == null) {
            throw p.missingMember(name);
        }
        return list;
    }

    private static List<Tag> requiredTags(SnsParams p) {
        List<Tag> tags = p.tags("Tags");
        if (tags == null) {
            throw p.missingMember("Tags");
        }
        return tags;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return orEmptyAttributes(map);
    }

    private static <V> Map<String, V> orEmptyAttributes(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static List<Tag> orEmptyTags(List<Tag> list) {
        return list == null ? List.of() : list;
    }
}
