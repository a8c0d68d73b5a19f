package sluice.protocol.sns;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.api.sns.MessageAttributeValue;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.Tag;
import sluice.protocol.wire.QueryNode;

/**
 * Typed reads of the SNS query parameters of one request (or one batch entry) from a
 * {@link QueryNode} tree, in the serialisation every AWS SDK uses for SNS (non-flattened):
 * lists as {@code Name.member.N}, maps as {@code Name.entry.N.key} / {@code .value}, message
 * attributes as {@code MessageAttributes.entry.N.Name} with
 * {@code .Value.DataType|StringValue|BinaryValue} (base64), tags as {@code Tags.member.N.Key/Value}.
 * Lists and maps written without the {@code member}/{@code entry} level ({@code Name.N}) are read
 * too. A bare {@code Name=} (how botocore sends an empty list) is an empty list. Every accessor
 * returns null when the parameter is absent. Immutable.
 */
final class SnsParams {
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final QueryNode node;
    /** For a batch entry: {@code PublishBatchRequestEntries.member.N}; empty at the top. */
    private final String prefix;

    SnsParams(QueryNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    String string(String name) {
        return node.childValue(name);
    }

    /** A required string member: absent is InvalidParameter, as SNS words it. */
    String required(String name) {
        String value = string(name);
        if (value == null) {
            throw missingMember(name);
        }
        return value;
    }

    /** The error for a required list or structure member that is absent. */
    SnsException missingMember(String name) {
        return SnsException.invalidParameter(prefix + name + " Reason: no value for required parameter");
    }

    Integer integer(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value '" + text + "' at '"
                    + lowerCamel(name) + "' failed to satisfy constraint: Member must be a number");
        }
    }

    Boolean bool(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value '" + text + "' at '"
                + lowerCamel(name) + "' failed to satisfy constraint: Member must be a boolean");
    }

    List<String> strings(String name) {
        QueryNode list = node.child(name);
        if (list == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (QueryNode m : members(list, "member")) {
            if (m.value() != null) {
                out.add(m.value());
            }
        }
        return out;
    }

    Map<String, String> map(String name) {
        QueryNode map = node.child(name);
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryNode entry : members(map, "entry")) {
            String key = entry.childValue("key");
            if (key == null) {
                throw SnsException.invalidParameter(prefix + name + " Reason: an entry has no key");
            }
            String value = entry.childValue("value");
            out.put(key, value == null ? "" : value);
        }
        return out;
    }

    List<Tag> tags(String name) {
        QueryNode list = node.child(name);
        if (list == null) {
            return null;
        }
        List<Tag> out = new ArrayList<>();
        for (QueryNode m : members(list, "member")) {
            out.add(new Tag(m.childValue("Key"), m.childValue("Value")));
        }
        return out;
    }

    /** Message attributes; one without a Value has a null data type, which the service rejects. */
    Map<String, MessageAttributeValue> messageAttributes(String name) {
        QueryNode map = node.child(name);
        if (map == null) {
            return null;
        }
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        for (QueryNode entry : members(map, "entry")) {
            String attributeName = entry.childValue("Name");
            if (attributeName == null) {
                throw SnsException.invalidParameter(prefix + name + " Reason: an entry has no Name");
            }
            QueryNode value = entry.child("Value");
            if (value == null) {
                out.put(attributeName, new MessageAttributeValue(null, null, null));
                continue;
            }
            String binary = value.childValue("BinaryValue");
            out.put(attributeName, new MessageAttributeValue(value.childValue("DataType"), value.childValue("StringValue"),
                    binary == null ? null : base64(binary, attributeName)));
        }
        return out;
    }

    /** The entries of a list of structures, each read through its own SnsParams. */
    List<SnsParams> entries(String name) {
        QueryNode list = node.child(name);
        if (list == null) {
            return null;
        }
        QueryNode wrapper = list.child("member");
        List<SnsParams> out = new ArrayList<>();
        for (QueryNode m : members(list, "member")) {
            out.add(new SnsParams(m, name + (wrapper == null ? "." : ".member.") + m.name() + "."));
        }
        return out;
    }

    private static List<QueryNode> members(QueryNode list, String wrapper) {
        QueryNode inner = list.child(wrapper);
        return inner != null ? inner.indexed() : list.indexed();
    }

    private byte[] base64(String text, String attributeName) {
        try {
            // a client that forgot to percent-encode '+' had it turned into a space by the form decoder
            return BASE64.decode(text.indexOf(' ') < 0 ? text : text.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            throw SnsError.INVALID_PARAMETER_VALUE.error("The message attribute '" + attributeName
                    + "' with type 'Binary' must have a base64-encoded value.");
        }
    }

    static String lowerCamel(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
