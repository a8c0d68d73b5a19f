package sluice.protocol.sns;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsResult;
import sluice.api.sns.Tag;
import sluice.protocol.wire.QueryEnvelope;
import sluice.protocol.wire.WireResponse;
import sluice.protocol.wire.XmlWriter;

/**
 * Encodes SNS results and errors as query-protocol XML in the
 * {@code http://sns.amazonaws.com/doc/2010-03-31/} namespace.
 *
 * <p>Design: {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId>…}; operations
 * the model gives no output (DeleteTopic, SetTopicAttributes, Unsubscribe, …) have no Result
 * element, those whose output has no members (TagResource, SetSMSAttributes, …) an empty one.
 * SNS lists are not flattened ({@code <Topics><member>…</member></Topics>}) and maps are
 * {@code <Attributes><entry><key/><value/></entry></Attributes>}. A few members are lower camel
 * case in the model ({@code isOptedOut}, {@code phoneNumbers}, {@code nextToken}, GetSMSAttributes'
 * {@code attributes}). Errors are {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>
 * <RequestId/></ErrorResponse>}. Stateless.
 */
final class SnsXmlEncoder {
    private static final QueryEnvelope ENVELOPE = new QueryEnvelope("http://sns.amazonaws.com/doc/2010-03-31/");

    /** Operations whose model has no output shape, so the response has no Result element. */
    private static final Set<String> NO_RESULT = Set.of("AddPermission", "DeleteEndpoint",
            "DeletePlatformApplication", "DeleteTopic", "PutDataProtectionPolicy", "RemovePermission",
            "SetEndpointAttributes", "SetPlatformApplicationAttributes", "SetSubscriptionAttributes",
            "SetTopicAttributes", "Unsubscribe");

    WireResponse encode(String operation, SnsResult result, String requestId) {
        return ENVELOPE.success(operation, requestId, result instanceof SnsResult.Empty,
                NO_RESULT.contains(operation) ? null : w -> writeResult(w, operation, result));
    }

    WireResponse encodeError(SnsException error, String requestId) {
        SnsError kind = error.error();
        return ENVELOPE.error(kind.httpStatus(), kind.senderFault(), kind.queryCode(), error.getMessage(), false, requestId);
    }

    private static void writeResult(XmlWriter w, String operation, SnsResult result) {
        switch (result) {
            case SnsResult.Empty e -> {
            }
            case SnsResult.TopicArn r -> w.element("TopicArn", r.topicArn());
            case SnsResult.SubscriptionArn r -> w.element("SubscriptionArn", r.subscriptionArn());
            case SnsResult.Topics r -> {
                w.open("Topics");
                for (String arn : r.topicArns()) {
                    w.open("member").element("TopicArn", arn).close("member");
                }
                w.close("Topics").element("NextToken", r.nextToken());
            }
            case SnsResult.Subscriptions r -> {
                w.open("Subscriptions");
                for (SnsResult.Subscription s : r.subscriptions()) {
                    w.open("member")
                            .element("SubscriptionArn", s.subscriptionArn())
                            .element("Owner", s.owner())
                            .element("Protocol", s.protocol())
                            .element("Endpoint", s.endpoint())
                            .element("TopicArn", s.topicArn())
                            .close("member");
                }
                w.close("Subscriptions").element("NextToken", r.nextToken());
            }
            case SnsResult.Attributes r ->
                    map(w, operation.equals("GetSMSAttributes") ? "attributes" : "Attributes", r.attributes());
            case SnsResult.Tags r -> {
                w.open("Tags");
                for (Tag t : r.tags()) {
                    w.open("member").element("Key", t.key()).element("Value", t.value()).close("member");
                }
                w.close("Tags");
            }
            case SnsResult.DataProtectionPolicy r -> w.element("DataProtectionPolicy", r.dataProtectionPolicy());
            case SnsResult.Publish r -> w.element("MessageId", r.messageId()).element("SequenceNumber", r.sequenceNumber());
            case SnsResult.PublishBatch r -> publishBatch(w, r);
            case SnsResult.PlatformApplicationArn r -> w.element("PlatformApplicationArn", r.platformApplicationArn());
            case SnsResult.EndpointArn r -> w.element("EndpointArn", r.endpointArn());
            case SnsResult.ArnsWithAttributes r -> arnsWithAttributes(w, operation, r);
            case SnsResult.OptedOut r -> w.element("isOptedOut", r.isOptedOut());
            case SnsResult.PhoneNumbers r -> {
                w.open("phoneNumbers");
                for (String n : r.phoneNumbers()) {
                    w.element("member", n);
                }
                w.close("phoneNumbers").element("nextToken", r.nextToken());
            }
            case SnsResult.OriginationNumbers r -> originationNumbers(w, r);
            case SnsResult.SandboxAccountStatus r -> w.element("IsInSandbox", r.isInSandbox());
            case SnsResult.SandboxPhoneNumbers r -> {
                w.open("PhoneNumbers");
                for (SnsResult.SandboxPhoneNumber n : r.phoneNumbers()) {
                    w.open("member").element("PhoneNumber", n.phoneNumber()).element("Status", n.status()).close("member");
                }
                w.close("PhoneNumbers").element("NextToken", r.nextToken());
            }
        }
    }

    private static void publishBatch(XmlWriter w, SnsResult.PublishBatch r) {
        w.open("Successful");
        for (SnsResult.BatchSuccess s : r.successful()) {
            w.open("member").element("Id", s.id()).element("MessageId", s.messageId())
                    .element("SequenceNumber", s.sequenceNumber()).close("member");
        }
        w.close("Successful").open("Failed");
        for (SnsResult.BatchFailure f : r.failed()) {
            w.open("member").element("Id", f.id()).element("Code", f.code()).element("Message", f.message())
                    .element("SenderFault", f.senderFault()).close("member");
        }
        w.close("Failed");
    }

    private static void arnsWithAttributes(XmlWriter w, String operation, SnsResult.ArnsWithAttributes r) {
        boolean endpoints = operation.equals("ListEndpointsByPlatformApplication");
        String list = endpoints ? "Endpoints" : "PlatformApplications";
        w.open(list);
        for (SnsResult.ArnWithAttributes item : r.items()) {
            w.open("member").element(endpoints ? "EndpointArn" : "PlatformApplicationArn", item.arn());
            map(w, "Attributes", item.attributes());
            w.close("member");
        }
        w.close(list).element("NextToken", r.nextToken());
    }

    private static void originationNumbers(XmlWriter w, SnsResult.OriginationNumbers r) {
        w.element("NextToken", r.nextToken()).open("PhoneNumbers");
        for (SnsResult.OriginationNumber n : r.phoneNumbers()) {
            w.open("member")
                    .element("CreatedAt", Instant.ofEpochMilli(n.createdAtMillis()).toString())
                    .element("PhoneNumber", n.phoneNumber())
                    .element("Status", n.status())
                    .element("Iso2CountryCode", n.iso2CountryCode())
                    .element("RouteType", n.routeType())
                    .open("NumberCapabilities");
            for (String c : n.numberCapabilities()) {
                w.element("member", c);
            }
            w.close("NumberCapabilities").close("member");
        }
        w.close("PhoneNumbers");
    }

    private static void map(XmlWriter w, String name, Map<String, String> map) {
        w.open(name);
        for (Map.Entry<String, String> e : map.entrySet()) {
            w.open("entry").element("key", e.getKey()).element("value", e.getValue()).close("entry");
        }
        w.close(name);
    }
}
