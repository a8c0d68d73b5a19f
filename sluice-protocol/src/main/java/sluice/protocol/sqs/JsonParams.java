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
 * invalid base64) is a SerializationException, as AWS's JSON front end answers. Immutable.
 */
final class JsonParams implements Params {
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final JsonNode node;
    private final String prefix;

    JsonParams(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    @Override
    public String string(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        return text(v, path(member));
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
        return stringList(v, path(member));
    }

    @Override
    public Map<String, String> stringMap(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        String path = path(member);
        if (!v.isObject()) {
            throw wrongType(path, "a map");
        }
        Map<String, String> map = new LinkedHashMap<>(Math.max(4, v.size() * 2));
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            map.put(e.getKey(), text(e.getValue(), path + "." + e.getKey()));
        }
        return map;
    }

    @Override
    public Map<String, MessageAttributeValue> attributeMap(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        String path = path(member);
        if (!v.isObject()) {
            throw wrongType(path, "a map");
        }
        Map<String, MessageAttributeValue> map = new LinkedHashMap<>(Math.max(4, v.size() * 2));
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            map.put(e.getKey(), attributeValue(e.getValue(), path + "." + e.getKey()));
        }
        return map;
    }

    @Override
    public List<Params> entries(Member member) {
        JsonNode v = get(member);
        if (v == null) {
            return null;
        }
        String path = path(member);
        if (!v.isArray()) {
            throw wrongType(path, "a list");
        }
        List<Params> entries = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode entry = v.get(i);
            if (!entry.isObject()) {
                throw wrongType(path + "." + (i + 1), "a structure");
            }
            entries.add(new JsonParams(entry, path + "." + (i + 1) + "."));
        }
        return entries;
    }

    @Override
    public String path(Member member) {
        return prefix.isEmpty() ? member.json : prefix + member.json;
    }

    private JsonNode get(Member member) {
        JsonNode v = node.get(member.json);
        return v == null || v.isNull() ? null : v;
    }

    private static MessageAttributeValue attributeValue(JsonNode v, String path) {
        if (!v.isObject()) {
            throw wrongType(path, "a structure");
        }
        return new MessageAttributeValue(
                optionalText(v.get("DataType"), path + ".DataType"),
                optionalText(v.get("StringValue"), path + ".StringValue"),
                optionalBinary(v.get("BinaryValue"), path + ".BinaryValue"),
                optionalStringList(v.get("StringListValues"), path + ".StringListValues"),
                optionalBinaryList(v.get("BinaryListValues"), path + ".BinaryListValues"));
    }

    private static String optionalText(JsonNode v, String path) {
        return v == null || v.isNull() ? null : text(v, path);
    }

    private static byte[] optionalBinary(JsonNode v, String path) {
        return v == null || v.isNull() ? null : binary(v, path);
    }

    private static List<String> optionalStringList(JsonNode v, String path) {
        return v == null || v.isNull() ? List.of() : stringList(v, path);
    }

    private static List<byte[]> optionalBinaryList(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType(path, "a list");
        }
        List<byte[]> list = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            list.add(binary(v.get(i), path + "." + (i + 1)));
        }
        return list;
    }

    private static List<String> stringList(JsonNode v, String path) {
        if (!v.isArray()) {
            throw wrongType(path, "a list");
        }
        List<String> list = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            list.add(text(v.get(i), path + "." + (i + 1)));
        }
        return list;
    }

    private static String text(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw wrongType(path, "a string");
        }
        return v.textValue();
    }

    private static byte[] binary(JsonNode v, String path) {
        String text = text(v, path);
        try {
            return BASE64.decode(text);
        } catch (IllegalArgumentException e) {
            throw SqsError.SERIALIZATION_EXCEPTION.error("Invalid base64 value for " + path + ".");
        }
    }

    private static SqsException wrongType(String path, String expected) {
        return SqsError.SERIALIZATION_EXCEPTION.error("Expected " + expected + " for " + path + ".");
    }
}
