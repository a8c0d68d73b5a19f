package sluice.core.sns;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import sluice.api.sns.MessageAttributeValue;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.common.Json;

/**
 * The checks of one message to publish (a Publish, or one PublishBatch entry), in AWS's order and
 * with AWS's texts: subject, body, message attributes (at most 10; names; data types String,
 * String.Array, Number and Binary with optional custom suffixes; values), the 256 KiB limit over
 * body and attributes, and the {@code MessageStructure=json} document with its {@code default}
 * key. Stateless.
 */
final class PublishChecks {
    static final int MAX_MESSAGE_BYTES = 262_144;
    static final int MAX_ATTRIBUTES = 10;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final Pattern ID = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

    private PublishChecks() {
    }

    /**
     * Checks the message and returns its size in bytes (body plus attributes).
     *
     * @param position the 1-based batch position, or 0 for Publish (it names the member in errors)
     */
    static int check(SnsRequest.PublishEntry e, int position) {
        String subject = e.subject();
        if (subject != null && (subject.isEmpty() || subject.length() > 100 || !subject.chars().allMatch(c -> c >= 0x20 && c < 0x7F))) {
            throw SnsException.invalidParameter("Subject");
        }
        if (e.message() == null || e.message().isEmpty()) {
            throw SnsException.invalidParameter("Empty message");
        }
        Map<String, MessageAttributeValue> attributes = e.messageAttributes();
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("Number of message attributes [" + attributes.size()
                    + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
        }
        int size = e.message().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            size += checkAttribute(a.getKey(), a.getValue(), position);
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw SnsException.invalidParameter("Message too long");
        }
        if (e.messageStructure() != null) {
            if (!e.messageStructure().equals("json")) {
                throw SnsException.invalidParameter("MessageStructure");
            }
            structured(e.message());
        }
        if (e.messageGroupId() != null && !ID.matcher(e.messageGroupId()).matches()) {
            throw SnsException.invalidParameter("MessageGroupId Reason: MessageGroupId can only include alphanumeric "
                    + "and punctuation characters. 1 to 128 in length.");
        }
        if (e.messageDeduplicationId() != null && !ID.matcher(e.messageDeduplicationId()).matches()) {
            throw SnsException.invalidParameter("MessageDeduplicationId Reason: MessageDeduplicationId can only include "
                    + "alphanumeric and punctuation characters. 1 to 128 in length.");
        }
        return size;
    }

    private static int checkAttribute(String name, MessageAttributeValue value, int position) {
        if (name.length() > 256) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("Length of message attribute name must be less than 256 bytes.");
        }
        checkName(name);
        String type = value.dataType();
        if (type == null) {
            String at = position > 0
                    ? "publishBatchRequestEntries." + position + ".member.messageAttributes." + name + ".member.dataType"
                    : "messageAttributes." + name + ".member.dataType";
            throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value null at '" + at
                    + "' failed to satisfy constraint: Member must not be null");
        }
        String base = baseType(type);
        if (base == null) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("The message attribute '" + name + "' has an invalid message "
                    + "attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }
        boolean binary = base.equals("Binary");
        if (value.stringValue() == null && value.binaryValue() == null) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("The message attribute '" + name + "' must contain non-empty "
                    + "message attribute value for message attribute type '" + type + "'.");
        }
        if (binary ? value.binaryValue() == null : value.stringValue() == null) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("The message attribute '" + name + "' with type '" + type
                    + "' must use field '" + (binary ? "Binary" : "String") + "'.");
        }
        if (binary ? value.binaryValue().length == 0 : value.stringValue().isEmpty()) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("The message attribute '" + name + "' must contain non-empty "
                    + "message attribute value for message attribute type '" + type + "'.");
        }
        if (base.equals("Number")) {
            checkNumber(name, value.stringValue());
        } else if (base.equals("String.Array")) {
            checkArray(name, value.stringValue());
        }
        int size = name.getBytes(StandardCharsets.UTF_8).length + type.getBytes(StandardCharsets.UTF_8).length;
        return size + (binary ? value.binaryValue().length : value.stringValue().getBytes(StandardCharsets.UTF_8).length);
    }

    private static void checkName(String name) {
        if (ATTRIBUTE_NAME.matcher(name).matches() && !name.startsWith(".") && !name.endsWith(".") && !name.contains("..")) {
            return;
        }
        if (name.startsWith(".")) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("Invalid message attribute name starting with character '.' was found.");
        }
        if (name.endsWith(".")) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("Invalid message attribute name ending with character '.' was found.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '_' && c != '-' && c != '.') {
                throw SnsError.INVALID_PARAMETER_VALUE.error("Invalid non-alphanumeric character '#x"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "' was found in the message "
                        + "attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.");
            }
        }
        throw SnsError.INVALID_PARAMETER_VALUE.error("Message attribute name can not have successive '.' character.");
    }

    /** String, String.Array, Number or Binary for a data type (with any custom suffix), else null. */
    static String baseType(String type) {
        for (String base : new String[] {"String.Array", "String", "Number", "Binary"}) {
            if (type.equals(base) || (type.startsWith(base + ".") && type.length() > base.length() + 1)) {
                return base;
            }
        }
        return null;
    }

    private static void checkNumber(String name, String value) {
        try {
            BigDecimal number = new BigDecimal(value.trim());
            // up to 38 digits of precision, magnitude up to 10^126 (the SNS Developer Guide's Number type)
            if (number.precision() > 38 || number.abs().compareTo(new BigDecimal("1E126")) > 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("Could not cast message attribute '" + name + "' value to number.");
        }
    }

    private static void checkArray(String name, String value) {
        boolean array;
        try {
            array = Json.parse(value) instanceof java.util.List<?>;
        } catch (IllegalArgumentException e) {
            array = false;
        }
        if (!array) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("The message attribute '" + name
                    + "' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls.");
        }
    }

    /**
     * The per-protocol messages of a {@code MessageStructure=json} body: its top-level string
     * members (others are ignored, as AWS ignores them); there must be a string {@code default}.
     */
    static Map<String, String> structured(String message) {
        Object document;
        try {
            document = Json.parse(message);
        } catch (IllegalArgumentException e) {
            throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw SnsException.invalidParameter("Message Structure - JSON message body failed to parse");
        }
        Map<String, String> messages = new java.util.HashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof String s) {
                messages.put(String.valueOf(k), s);
            }
        });
        if (!messages.containsKey("default")) {
            throw SnsException.invalidParameter("Message Structure - No default entry in JSON message body");
        }
        return messages;
    }
}
