package sluice.core.sns;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import sluice.api.sns.MessageAttributeValue;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.common.Clock;
import sluice.common.Randomness;

/**
 * SMS and mobile push: publishes to a phone number or a platform endpoint, and topic fan-out to
 * {@code sms} and {@code application} subscriptions, handed to the {@link MobileSender}. With
 * MessageStructure=json an SMS takes the {@code sms} key and a push its platform's key (GCM,
 * APNS, …), else {@code default}. A disabled endpoint refuses a direct publish (EndpointDisabled)
 * and is skipped by fan-out, as AWS does.
 */
final class MobileDelivery {
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{8,15}");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final SnsMobileAndSms mobile;
    private final MobileSender sender;
    private final Clock clock;
    private final Randomness randomness;

    MobileDelivery(SnsMobileAndSms mobile, MobileSender sender, Clock clock, Randomness randomness) {
        this.mobile = mobile;
        this.sender = sender;
        this.clock = clock;
        this.randomness = randomness;
    }

    /** Publish with PhoneNumber: one SMS. */
    SnsResult publishSms(String phoneNumber, SnsRequest.PublishEntry e) {
        if (!PHONE.matcher(phoneNumber).matches()) {
            throw SnsException.invalidParameter("PhoneNumber Reason: " + phoneNumber + " is not valid to publish to");
        }
        String messageId = randomness.uuid().toString();
        sender.send(new MobileMessage("sms", messageId, now(), phoneNumber, null, null, body(e, "sms"), e.subject(),
                null, null, attributes(e.messageAttributes())));
        return new SnsResult.Publish(messageId, null);
    }

    /** Publish with the TargetArn of a platform endpoint: one push notification. */
    SnsResult publishPush(String endpointArn, SnsRequest.PublishEntry e) {
        String[] target = mobile.pushTarget(endpointArn);
        String messageId = randomness.uuid().toString();
        sender.send(new MobileMessage("push", messageId, now(), endpointArn, target[0], target[1], body(e, target[0]),
                e.subject(), null, null, attributes(e.messageAttributes())));
        return new SnsResult.Publish(messageId, null);
    }

    /** Fan-out of a topic's message to one {@code sms} or {@code application} subscription. */
    void deliver(SubscriptionRecord s, String messageId, String timestamp, SnsRequest.PublishEntry e,
                 Map<String, String> perProtocol) {
        if (s.protocol().equals("sms")) {
            sender.send(new MobileMessage("sms", messageId, timestamp, s.endpoint(), null, null,
                    pick(perProtocol, e.message(), "sms"), e.subject(), s.topicArn(), s.arn(),
                    attributes(e.messageAttributes())));
        } else if (mobile.pushable(s.endpoint())) {
            String[] target = mobile.pushTarget(s.endpoint());
            sender.send(new MobileMessage("push", messageId, timestamp, s.endpoint(), target[0], target[1],
                    pick(perProtocol, e.message(), target[0]), e.subject(), s.topicArn(), s.arn(),
                    attributes(e.messageAttributes())));
        }
    }

    private static String body(SnsRequest.PublishEntry e, String key) {
        return pick(e.messageStructure() == null ? null : PublishChecks.structured(e.message()), e.message(), key);
    }

    private static String pick(Map<String, String> perProtocol, String message, String key) {
        return perProtocol == null ? message : perProtocol.getOrDefault(key, perProtocol.get("default"));
    }

    private String now() {
        return TIMESTAMP.format(Instant.ofEpochMilli(clock.millis()));
    }

    private static Map<String, String> attributes(Map<String, MessageAttributeValue> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((name, v) -> out.put(name, v.isBinary() ? Base64.getEncoder().encodeToString(v.binaryValue())
                : v.stringValue()));
        return out;
    }
}
