package sluice.protocol.sqs;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsException;
import sluice.protocol.wire.QueryNode;

/**
 * {@link Params} over the query-protocol parameters of one request (or one batch entry, whose
 * node is {@code SendMessageBatchRequestEntry.N}).
 *
 * <p>Design: reads the flattened forms SQS uses from a {@link QueryNode} tree: lists as
 * {@code Name.N}, maps as {@code Name.N.Name}/{@code Name.N.Value} (or {@code Key}/{@code Value}
 * for tags), message attributes as {@code MessageAttribute.N.Name} plus
 * {@code MessageAttribute.N.Value.DataType|StringValue|BinaryValue} (base64). A bare
 * {@code Entries=} (the model's member name, which is how botocore sends an empty list) or
 * {@code SendMessageBatchRequestEntry=} with no members is an empty list, not a missing one; a bare
 * non-empty {@code AttributeName=All} is a one-element list. Integers that do not parse are
 * InvalidParameterValue with AWS's wording. Parameter paths for messages are built only on the
 * error path. Immutable.
 */
final class QueryParams implements Params {
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final QueryNode node;
    /** For a batch entry: the list's parameter name ({@code SendMessageBatchRequestEntry}); null at the top. */
    private final String listName;

    QueryParams(QueryNode node) {
        this(node, null);
    }

    private QueryParams(QueryNode node, String listName) {
        this.node = node;
        this.listName = listName;
    }

    @Override
    public String string(Member member) {
        return node.childValue(member.query);
    }

    @Override
    public Integer integer(Member member) {
        String text = string(member);
        if (text == null) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SqsException.invalidParameter("Value " + text + " for parameter " + path(member)
                    + " is invalid. Reason: Must be an integer.");
        }
    }

    @Override
    public List<String> strings(Member member) {
        QueryNode list = node.child(member.query);
        if (list == null) {
            return emptyList(member);
        }
        List<QueryNode> members = list.indexed();
        if (members.isEmpty()) {
            return list.value() == null || list.value().isEmpty() ? List.of() : List.of(list.value());
        }
        List<String> out = new ArrayList<>(members.size());
        for (QueryNode m : members) {
            if (m.value() != null) {
                out.add(m.value());
            }
        }
        return out;
    }

    @Override
    public Map<String, String> stringMap(Member member) {
        QueryNode map = node.child(member.query);
        if (map == null) {
            return null;
        }
        List<QueryNode> entries = map.indexed();
        Map<String, String> out = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
        for (QueryNode entry : entries) {
            String key = entry.childValue(member.queryKey);
            if (key == null) {
                throw SqsException.missingParameter(path(member) + "." + entry.name() + "." + member.queryKey);
            }
            String value = entry.childValue(member.queryValue);
            if (value == null) {
                throw SqsException.missingParameter(path(member) + "." + entry.name() + "." + member.queryValue);
            }
            out.put(key, value);
        }
        return out;
    }

    @Override
    public Map<String, MessageAttributeValue> attributeMap(Member member) {
        QueryNode map = node.child(member.query);
        if (map == null) {
            return null;
        }
        List<QueryNode> entries = map.indexed();
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>(Math.max(4, entries.size() * 2));
        for (QueryNode entry : entries) {
            String name = entry.childValue("Name");
            if (name == null) {
                throw SqsException.missingParameter(path(member) + "." + entry.name() + ".Name");
            }
            QueryNode value = entry.child("Value");
            out.put(name, value == null
                    ? new MessageAttributeValue(null, null, null, List.of(), List.of())
                    : attributeValue(value, member, entry));
        }
        return out;
    }

    @Override
    public List<Params> entries(Member member) {
        QueryNode list = node.child(member.query);
        if (list == null) {
            return emptyList(member);
        }
        String listPath = path(member);
        List<QueryNode> members = list.indexed();
        List<Params> out = new ArrayList<>(members.size());
        for (QueryNode m : members) {
            out.add(new QueryParams(m, listPath));
        }
        return out;
    }

    /** botocore's query serializer sends an empty list as the bare member name: {@code Entries=}. */
    private <T> List<T> emptyList(Member member) {
        return node.child(member.json) == null ? null : List.of();
    }

    @Override
    public String path(Member member) {
        return listName == null ? member.query : listName + "." + node.name() + "." + member.query;
    }

    private MessageAttributeValue attributeValue(QueryNode value, Member member, QueryNode entry) {
        String binary = value.childValue("BinaryValue");
        QueryNode stringList = value.child("StringListValue");
        QueryNode binaryList = value.child("BinaryListValue");
        List<String> strings = List.of();
        if (stringList != null) {
            strings = new ArrayList<>();
            for (QueryNode m : stringList.indexed()) {
                if (m.value() != null) {
                    strings.add(m.value());
                }
            }
        }
        List<byte[]> binaries = List.of();
        if (binaryList != null) {
            binaries = new ArrayList<>();
            for (QueryNode m : binaryList.indexed()) {
                if (m.value() != null) {
                    binaries.add(base64(m.value(), member, entry, "BinaryListValue." + m.name()));
                }
            }
        }
        return new MessageAttributeValue(value.childValue("DataType"), value.childValue("StringValue"),
                binary == null ? null : base64(binary, member, entry, "BinaryValue"), strings, binaries);
    }

    private byte[] base64(String text, Member member, QueryNode entry, String part) {
        try {
            // a client that forgot to percent-encode '+' had it turned into a space by the form decoder
            return BASE64.decode(text.indexOf(' ') < 0 ? text : text.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            throw SqsException.invalidParameter("The value for parameter " + path(member) + "." + entry.name() + ".Value."
                    + part + " is not valid base64.");
        }
    }
}
