package sluice.core.sqs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest.SendEntry;

/**
 * AWS's rules for a message to send: body characters, size against the queue's maximum, delay
 * range, and message (and system) attribute names, types and values, with AWS's error texts.
 */
final class MessageValidator {
    static final int MAX_ATTRIBUTES = 10;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,256}");
    private static final Pattern DATA_TYPE = Pattern.compile("(String|Number|Binary)(\\..{1,256})?");
    private static final BigDecimal NUMBER_LIMIT = new BigDecimal("1E126");

    private MessageValidator() {
    }

    /** Validates an entry; returns its size as SQS counts it (body plus attribute names, types, values). */
    static int validate(SendEntry entry, int maximumMessageSize) {
        String body = entry.messageBody();
        if (body == null || body.isEmpty()) {
            throw SqsException.missingParameter("MessageBody");
        }
        checkBodyCharacters(body);
        if (entry.delaySeconds() != null && (entry.delaySeconds() < 0 || entry.delaySeconds() > 900)) {
            throw SqsException.invalidParameter("Value " + entry.delaySeconds()
                    + " for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.");
        }
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        size += checkAttributes(entry.messageAttributes());
        checkSystemAttributes(entry.messageSystemAttributes());
        if (size > maximumMessageSize) {
            throw SqsException.invalidParameter("One or more parameters are invalid. Reason: Message must be shorter than "
                    + maximumMessageSize + " bytes.");
        }
        return size;
    }

    private static void checkBodyCharacters(String body) {
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed || Character.isSurrogate(body.charAt(i)) && Character.charCount(c) == 1) {
                throw SqsError.INVALID_MESSAGE_CONTENTS.error("Invalid binary character '#x" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                        + "' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF"
                        + " | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
            i += Character.charCount(c);
        }
    }

    private static int checkAttributes(Map<String, MessageAttributeValue> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw SqsException.invalidParameter("Number of message attributes [" + attributes.size()
                    + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
        }
        int size = 0;
        for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
            String name = e.getKey();
            checkName(name);
            MessageAttributeValue v = e.getValue();
            size += name.getBytes(StandardCharsets.UTF_8).length + checkValue("message (user)", name, v);
        }
        return size;
    }

    private static void checkName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw SqsException.invalidParameter("Message (user) attribute name '" + name + "' is invalid. "
                    + "The attribute name can contain only alphanumeric characters, hyphens (-), underscores (_), and periods (.), "
                    + "can't start or end with a period, can't have successive periods and must be at most 256 characters long.");
        }
        if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw SqsException.invalidParameter("Message (user) attribute name '" + name
                    + "' is reserved for use by Amazon Web Services.");
        }
    }

    /** Checks a value; returns the bytes it counts towards the message size (type plus value). */
    private static int checkValue(String kind, String name, MessageAttributeValue v) {
        String type = v.dataType();
        if (type == null || type.isEmpty()) {
            throw SqsException.invalidParameter("The message attribute '" + name + "' must contain non-empty message attribute type.");
        }
        if (!DATA_TYPE.matcher(type).matches()) {
            throw SqsException.invalidParameter("The type of " + kind + " attribute '" + name
                    + "' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
        }
        if (!v.stringListValues().isEmpty() || !v.binaryListValues().isEmpty()) {
            throw SqsException.invalidParameter("Message attribute list values in SendMessage operation are not supported.");
        }
        int typeBytes = type.getBytes(StandardCharsets.UTF_8).length;
        if (v.isBinary()) {
            if (v.binaryValue() == null || v.binaryValue().length == 0) {
                throw emptyValue(kind, name, "Binary");
            }
            return typeBytes + v.binaryValue().length;
        }
        String s = v.stringValue();
        String base = type.startsWith("Number") ? "Number" : "String";
        if (s == null || s.isEmpty()) {
            throw emptyValue(kind, name, base);
        }
        if (base.equals("Number")) {
            checkNumber(kind, name, s);
        }
        return typeBytes + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void checkNumber(String kind, String name, String s) {
        try {
            BigDecimal n = new BigDecimal(s.trim());
            if (n.abs().compareTo(NUMBER_LIMIT) >= 0 || n.stripTrailingZeros().precision() > 38) {
                throw SqsException.invalidParameter("Value " + s + " for " + kind + " attribute '" + name
                        + "' is out of range. Number values must be between -10^128 and 10^126 with up to 38 digits of precision.");
            }
        } catch (NumberFormatException e) {
            throw SqsException.invalidParameter("Can't cast the value of " + kind + " attribute '" + name + "' to a number.");
        }
    }

    private static SqsException emptyValue(String kind, String name, String type) {
        return SqsException.invalidParameter(capitalize(kind) + " attribute '" + name
                + "' must contain a non-empty value of type '" + type + "'.");
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void checkSystemAttributes(Map<String, MessageAttributeValue> attributes) {
        for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
            if (!e.getKey().equals("AWSTraceHeader")) {
                throw SqsException.invalidParameter("Message system attribute name '" + e.getKey() + "' is invalid.");
            }
            MessageAttributeValue v = e.getValue();
            if (v.dataType() == null || !v.dataType().equals("String")) {
                throw SqsException.invalidParameter("Message system attribute 'AWSTraceHeader' must have data type String.");
            }
            checkValue("message system", e.getKey(), v);
        }
    }
}
