package sluice.protocol.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;

/**
 * {@link Params} over one JSON object of an AWS JSON 1.0 request (the body, or a batch entry).
 *
 * <p>Design: members are looked up by their JSON name in Jackson's tree; members nobody asks for
 * are never inspected, which is how unknown members are ignored. JSON {@code null} counts as
 * absent. A value of the wrong JSON type (a string for an integer, a float, an int out of range,
 * invalid base64) is a SerializationException, as AWS's JSON front end answers. Member paths for
 * messages ({@code Entries.2.MessageAttributes.a.BinaryValue}) are only built on the error path.
 * Immutable.
 */
final class JsonParams implements Params {
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final JsonNode node;
    /** For a batch entry: the list's member name and the entry's 1-based position; null for the body. */
    private final String list;
    private final int position;

    JsonParams(JsonNode node) {
        this(node, null, 0);
    }

    private JsonParams(JsonNode node, String list, int position) {
        this.node = node;
        this.list = list;
        this.position = position;
    }

    @Override
    public String string(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(path(member), "a string");
        }
        return v.textValue();
    }

    @Override
    public Integer integer(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(path(member), "an integer");
        }
        return v.intValue();
    }

    @Override
    public List<String> strings(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        List<String> out = stringList(v);
        if (out == null) {
            throw wrongType(path(member), "a list of strings");
        }
        return out;
    }

    @Override
    public Map<String, String> stringMap(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(path(member), "a map");
        }
        Map<String, String> map = new LinkedHashMap<>(Math.max(4, v.size() * 2));
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode value = e.getValue();
            if (!value.isTextual()) {
                throw wrongType(path(member) + "." + e.getKey(), "a string");
            }
            map.put(e.getKey(), value.textValue());
        }
        return map;
    }

    @Override
    public Map<String, MessageAttributeValue> attributeMap(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(path(member), "a map");
        }
        Map<String, MessageAttributeValue> map = new LinkedHashMap<>(Math.max(4, v.size() * 2));
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            map.put(e.getKey(), attributeValue(e.getValue(), member, e.getKey()));
        }
        return map;
    }

    @Override
    public List<Params> entries(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(path(member), "a list");
        }
        String listPath = path(member);
        List<Params> entries = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode entry = v.get(i);
            if (!entry.isObject()) {
                throw wrongType(listPath + "." + (i + 1), "a structure");
            }
            entries.add(new JsonParams(entry, listPath, i + 1));
        }
        return entries;
    }

    @Override
    public String path(Member member) {
        return list == null ? member.json : list + "." + position + "." + member.json;
    }

    private JsonNode get(Member member) {
        JsonNode v = node.get(member.json);
        return v == null || v.isNull() ? null : v;
    }

    private MessageAttributeValue attributeValue(JsonNode v, Member member, String name) {
        if (!v.isObject()) {
            throw wrongType(path(member) + "." + name, "a structure");
        }
        String dataType = null;
        String stringValue = null;
        byte[] binaryValue = null;
        List<String> stringList = List.of();
        List<byte[]> binaryList = List.of();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            String field = e.getKey();
            String expected = null;
            switch (field) {
                case "DataType" -> {
                    dataType = value.textValue();
                    expected = dataType == null ? "a string" : null;
                }
                case "StringValue" -> {
                    stringValue = value.textValue();
                    expected = stringValue == null ? "a string" : null;
                }
                case "BinaryValue" -> {
                    binaryValue = binary(value);
                    expected = binaryValue == null ? "a base64 string" : null;
                }
                case "StringListValues" -> {
                    stringList = stringList(value);
                    expected = stringList == null ? "a list of strings" : null;
                }
                case "BinaryListValues" -> {
                    binaryList = binaryList(value);
                    expected = binaryList == null ? "a list of base64 strings" : null;
                }
                default -> {
                }
            }
            if (expected != null) {
                throw wrongType(path(member) + "." + name + "." + field, expected);
            }
        }
        return new MessageAttributeValue(dataType, stringValue, binaryValue, stringList, binaryList);
    }

    /** The strings of a JSON array, or null when it is not an array of strings. */
    private static List<String> stringList(JsonNode v) {
        if (!v.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>(v.size());
        for (JsonNode element : v) {
            if (!element.isTextual()) {
                return null;
            }
            list.add(element.textValue());
        }
        return list;
    }

    private static List<byte[]> binaryList(JsonNode v) {
        if (!v.isArray()) {
            return null;
        }
        List<byte[]> list = new ArrayList<>(v.size());
        for (JsonNode element : v) {
            byte[] bytes = binary(element);
            if (bytes == null) {
                return null;
            }
            list.add(bytes);
        }
        return list;
    }

    /** The bytes of a base64 JSON string, or null when it is not one. */
    private static byte[] binary(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        try {
            return BASE64.decode(v.textValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SqsException wrongType(String path, String expected) {
        return SqsError.SERIALIZATION_EXCEPTION.error("Expected " + expected + " for " + path + ".");
    }
}
