package sluice.core.sns;

import java.util.Base64;
import java.util.Map;
import sluice.api.sns.MessageAttributeValue;
import sluice.common.Json;

/**
 * The JSON envelope SNS wraps a notification in for subscribers without raw delivery, written as
 * AWS writes it (two-space indent, {@code "Name" : value}), members in AWS's order: Type,
 * MessageId, SequenceNumber (FIFO topics), TopicArn, Subject (only when the publisher gave one),
 * Message, Timestamp (ISO-8601 UTC with milliseconds), SignatureVersion, Signature, SigningCertURL,
 * UnsubscribeURL, MessageAttributes ({@code {"Name":{"Type":…,"Value":…}}}, binary values base64).
 */
record Notification(String messageId, String sequenceNumber, String topicArn, String subject, String message,
                    String timestamp, String signatureVersion, String signature, String signingCertUrl,
                    Map<String, MessageAttributeValue> messageAttributes) {

    Notification withSequenceNumber(String number) {
        return new Notification(messageId, number, topicArn, subject, message, timestamp, signatureVersion, signature,
                signingCertUrl, messageAttributes);
    }

    /**
     * The envelope with a hole for the subscriber's UnsubscribeURL: built once per message, so
     * each of a publish's subscribers costs a copy, not another JSON encoding of the message.
     */
    record Template(String head, String tail) {
        String forSubscriber(String unsubscribeUrl) {
            String url = Json.write(unsubscribeUrl);
            return new StringBuilder(head.length() + url.length() + tail.length()).append(head).append(url).append(tail)
                    .toString();
        }
    }

    /** The envelope for one subscriber, whose UnsubscribeURL names its subscription. */
    String toJson(String unsubscribeUrl) {
        return template().forSubscriber(unsubscribeUrl);
    }

    /** The envelope JSON, every member but the subscriber's UnsubscribeURL value. */
    Template template() {
        StringBuilder out = new StringBuilder(message.length() + 768);
        out.append("{\n");
        member(out, "Type", "Notification");
        member(out, "MessageId", messageId);
        if (sequenceNumber != null) {
            member(out, "SequenceNumber", sequenceNumber);
        }
        member(out, "TopicArn", topicArn);
        if (subject != null) {
            member(out, "Subject", subject);
        }
        member(out, "Message", message);
        member(out, "Timestamp", timestamp);
        member(out, "SignatureVersion", signatureVersion);
        member(out, "Signature", signature);
        member(out, "SigningCertURL", signingCertUrl);
        out.append("  \"UnsubscribeURL\" : ");
        String head = out.toString();
        out.setLength(0);
        if (!messageAttributes.isEmpty()) {
            out.append(",\n  \"MessageAttributes\" : {");
            boolean first = true;
            for (Map.Entry<String, MessageAttributeValue> e : messageAttributes.entrySet()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                MessageAttributeValue v = e.getValue();
                String value = v.isBinary() ? Base64.getEncoder().encodeToString(v.binaryValue()) : v.stringValue();
                out.append("    ").append(Json.write(e.getKey())).append(" : {\"Type\":").append(Json.write(v.dataType()))
                        .append(",\"Value\":").append(Json.write(value)).append('}');
            }
            out.append("\n  }");
        }
        out.append("\n}");
        return new Template(head, out.toString());
    }

    private static void member(StringBuilder out, String name, String value) {
        out.append("  \"").append(name).append("\" : ").append(Json.write(value)).append(",\n");
    }
}
