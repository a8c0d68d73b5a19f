package sluice.protocol.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of one request as a tree of their dot-separated names:
 * {@code Attribute.1.Name=x} becomes root → Attribute → 1 → Name with the value x.
 *
 * <p>Design: built in one pass over the parameters, so the flattened list and map forms
 * ({@code X.N.…}) are read by walking children instead of probing or scanning keys. Numeric
 * children are a list's members and are returned in numeric order, whatever order (or gaps) the
 * client sent them in. The first value of a repeated parameter wins. Mutable while built, then
 * only read, by one thread. Shared by the query dialects of SQS and SNS.
 */
public final class QueryNode {
    private final String name;
    private String value;
    private Map<String, QueryNode> children;

    private QueryNode(String name) {
        this.name = name;
    }

    public static QueryNode build(Map<String, List<String>> params) {
        QueryNode root = new QueryNode("");
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            List<String> values = e.getValue();
            if (values == null || values.isEmpty()) {
                continue;
            }
            String key = e.getKey();
            QueryNode node = root;
            int start = 0;
            while (true) {
                int dot = key.indexOf('.', start);
                String segment = dot < 0 ? key.substring(start) : key.substring(start, dot);
                node = node.childOrCreate(segment);
                if (dot < 0) {
                    break;
                }
                start = dot + 1;
            }
            if (node.value == null) {
                node.value = values.get(0);
            }
        }
        return root;
    }

    /** The last segment of this parameter's name ({@code 1} for {@code Attribute.1}). */
    public String name() {
        return name;
    }

    /** The parameter's value, or null when only longer names start with it. */
    public String value() {
        return value;
    }

    public QueryNode child(String name) {
        return children == null ? null : children.get(name);
    }

    /** The value of the child, or null. */
    public String childValue(String name) {
        QueryNode child = child(name);
        return child == null ? null : child.value;
    }

    /** The children named by a number ({@code 1}, {@code 2}, …), in numeric order. */
    public List<QueryNode> indexed() {
        if (children == null) {
            return List.of();
        }
        List<QueryNode> list = new ArrayList<>(children.size());
        for (QueryNode child : children.values()) {
            if (index(child.name) >= 0) {
                list.add(child);
            }
        }
        if (list.size() > 1) {
            list.sort((a, b) -> Integer.compare(index(a.name), index(b.name)));
        }
        return list;
    }

    private QueryNode childOrCreate(String segment) {
        if (children == null) {
            children = new HashMap<>();
        }
        QueryNode child = children.get(segment);
        if (child == null) {
            child = new QueryNode(segment);
            children.put(segment, child);
        }
        return child;
    }

    /** The number a list member's name spells, or -1 when it is not a small non-negative number. */
    private static int index(String name) {
        int length = name.length();
        if (length == 0 || length > 9) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
