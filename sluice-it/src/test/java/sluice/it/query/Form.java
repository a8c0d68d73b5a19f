package sluice.it.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one query-dialect request, in order, with the flattening conventions of the
 * SQS query API ({@code Name.N}, {@code Name.N.Name}/{@code Name.N.Value}, {@code MessageAttribute.N.Value.*}).
 * Encodes as RFC 3986 percent-encoding (space as {@code %20}), which is valid both as a form body
 * and as a URL query.
 */
public final class Form {
    static final String VERSION = "2012-11-05";

    private final List<String[]> pairs = new ArrayList<>();

    /** A request for {@code action}, with {@code Version=2012-11-05}. */
    public static Form action(String action) {
        return new Form().add("Action", action).add("Version", VERSION);
    }

    /** Parameters without Action and Version. */
    static Form empty() {
        return new Form();
    }

    public Form add(String name, String value) {
        pairs.add(new String[] {name, value});
        return this;
    }

    Form add(String name, long value) {
        return add(name, Long.toString(value));
    }

    /** {@code prefix.1=v1&prefix.2=v2…} */
    Form list(String prefix, String... values) {
        for (int i = 0; i < values.length; i++) {
            add(prefix + "." + (i + 1), values[i]);
        }
        return this;
    }

    /** {@code prefix.N.keyName=k&prefix.N.valueName=v}, in the map's iteration order. */
    Form map(String prefix, String keyName, String valueName, Map<String, String> entries) {
        int n = 1;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            add(prefix + "." + n + "." + keyName, e.getKey());
            add(prefix + "." + n + "." + valueName, e.getValue());
            n++;
        }
        return this;
    }

    /** {@code Attribute.N.Name/Value}: queue attributes of CreateQueue and SetQueueAttributes. */
    public Form attributes(Map<String, String> attributes) {
        return map("Attribute", "Name", "Value", attributes);
    }

    /** {@code Tag.N.Key/Value}: tags of CreateQueue and TagQueue. */
    Form tags(Map<String, String> tags) {
        return map("Tag", "Key", "Value", tags);
    }

    /**
     * A string-transported message attribute ({@code String}, {@code Number} or a custom
     * {@code String.x}/{@code Number.x} type) under {@code prefix} ({@code ""} for SendMessage,
     * {@code "SendMessageBatchRequestEntry.1."} for a batch entry).
     */
    Form stringAttribute(String prefix, int n, String name, String dataType, String value) {
        String base = prefix + "MessageAttribute." + n + ".";
        return add(base + "Name", name).add(base + "Value.DataType", dataType).add(base + "Value.StringValue", value);
    }

    /** A binary message attribute, its value sent as base64 as the query API asks. */
    Form binaryAttribute(String prefix, int n, String name, String dataType, byte[] value) {
        String base = prefix + "MessageAttribute." + n + ".";
        return add(base + "Name", name).add(base + "Value.DataType", dataType)
                .add(base + "Value.BinaryValue", Base64.getEncoder().encodeToString(value));
    }

    /**
     * Message attributes under {@code prefix} ({@code ""} for SendMessage, {@code "SendMessageBatchRequestEntry.1."}
     * for a batch entry), numbered from 1 in the map's iteration order, each string- or binary-transported as
     * {@link MessageMd5.Attr} says.
     */
    Form messageAttributes(String prefix, Map<String, MessageMd5.Attr> attrs) {
        int n = 1;
        for (Map.Entry<String, MessageMd5.Attr> e : attrs.entrySet()) {
            MessageMd5.Attr a = e.getValue();
            if (a.binaryValue() != null) {
                binaryAttribute(prefix, n++, e.getKey(), a.dataType(), a.binaryValue());
            } else {
                stringAttribute(prefix, n++, e.getKey(), a.dataType(), a.stringValue());
            }
        }
        return this;
    }

    List<String[]> pairs() {
        return List.copyOf(pairs);
    }

    String encode() {
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(percentEncode(p[0])).append('=').append(percentEncode(p[1]));
        }
        return sb.toString();
    }

    byte[] bytes() {
        return encode().getBytes(StandardCharsets.UTF_8);
    }

    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return encode();
    }
}
