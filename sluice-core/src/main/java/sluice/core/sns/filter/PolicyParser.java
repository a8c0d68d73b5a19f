package sluice.core.sns.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a policy object into a tree of keys, checks it against AWS's limits, and expands it into ANDed branches.
 *
 * <p>Order of checks (first error wins): every entry and key in document order (errors from {@link RuleParser});
 * then, for the {@code MessageAttributes} scope, nesting; then the number of keys; then the number of combinations;
 * then wildcard complexity. AWS answers a nested {@code {"key": {"suffix": "x"}}} under the attribute scope with
 * {@code "suffix" must be an object or an array}, and only a well-formed nested policy with the scope error, so
 * entries are compiled before the scope is looked at.
 */
final class PolicyParser {
    static final String OR = "$or";
    static final int MAX_KEYS = 5;
    static final int MAX_COMBINATIONS = 150;
    static final int MAX_WILDCARDS_PER_PATTERN = 3;
    static final int MAX_WILDCARD_COMPLEXITY = 100;
    static final String TOO_COMPLEX_WILDCARDS = "Rule is too complex - try using fewer wildcard characters or fewer"
            + " repeating character sequences after a wildcard character";

    /**
     * Field names that keep an {@code "$or"} array from being read as OR ("AND/OR logic": "None of the objects in the
     * $or array have field names that are reserved keywords"); the list is that of AWS's rule engine.
     */
    static final Set<String> RESERVED = Set.of("exactly", "equals-ignore-case", "prefix", "suffix", "anything-but",
            "exists", "wildcard", "numeric", "cidr", "html", "=", "<", "<=", ">", ">=", "regex", "not-wildcard",
            "not-equals-ignore-case", "date-after", "date-on-or-after", "date-before", "date-on-or-before",
            "in-date-range", "ip-address-in-range", "ip-address-not-in-range");

    sealed interface Node {}

    record Leaf(KeyRule rule, int depth) implements Node {}

    record Nested(List<Node> children) implements Node {}

    record Or(List<List<Node>> alternatives) implements Node {}

    private PolicyParser() {}

    static List<Node> compile(Map<?, ?> policy) {
        return object(policy, null, 1, false);
    }

    private static List<Node> object(Map<?, ?> object, String prefix, int depth, boolean insideOr) {
        if (object.isEmpty()) {
            throw new FilterPolicyException("Empty objects are not allowed");
        }
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<?, ?> field : object.entrySet()) {
            String name = (String) field.getKey();
            Object value = field.getValue();
            if (OR.equals(name) && isOr(value)) {
                List<List<Node>> alternatives = new ArrayList<>();
                for (Object alternative : (List<?>) value) {
                    alternatives.add(object((Map<?, ?>) alternative, prefix, depth, true));
                }
                nodes.add(new Or(List.copyOf(alternatives)));
                continue;
            }
            if (insideOr && RESERVED.contains(name)) {
                throw new FilterPolicyException(name + " is Ruler reserved fieldName which cannot be used inside $or.");
            }
            String path = prefix == null ? name : prefix + "." + name;
            if (value instanceof Map<?, ?> child) {
                nodes.add(new Nested(object(child, path, depth + 1, insideOr)));
            } else if (value instanceof List<?> entries) {
                nodes.add(new Leaf(RuleParser.compile(path, entries), depth));
            } else {
                throw new FilterPolicyException("\"" + name + "\" must be an object or an array");
            }
        }
        return List.copyOf(nodes);
    }

    /**
     * AWS only reads {@code "$or"} as OR when it holds an array of at least two objects, none of them using a reserved
     * keyword as a field name; otherwise it is an ordinary key ("AND/OR logic", OR operator).
     */
    private static boolean isOr(Object value) {
        if (!(value instanceof List<?> list) || list.size() < 2) {
            return false;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> object)) {
                return false;
            }
            for (Object key : object.keySet()) {
                if (RESERVED.contains(key)) {
                    return false;
                }
            }
        }
        return true;
    }

    static void checkLimits(List<Node> root, FilterPolicy.Scope scope) {
        if (scope == FilterPolicy.Scope.MESSAGE_ATTRIBUTES && hasNesting(root)) {
            throw new FilterPolicyException(
                    "Filter policy scope MessageAttributes does not support nested filter policy", false);
        }
        Set<String> keys = new LinkedHashSet<>();
        Map<String, List<Wildcard>> wildcards = new LinkedHashMap<>();
        collect(root, keys, wildcards);
        if (keys.size() > MAX_KEYS) {
            throw new FilterPolicyException("Filter policy can not have more than " + MAX_KEYS + " keys");
        }
        if (combinations(root) > MAX_COMBINATIONS) {
            throw new FilterPolicyException("Filter policy is too complex");
        }
        long complexity = 0;
        for (List<Wildcard> patterns : wildcards.values()) {
            int points = 0;
            for (Wildcard w : patterns) {
                if (w.stars() > MAX_WILDCARDS_PER_PATTERN) {
                    throw new FilterPolicyException(TOO_COMPLEX_WILDCARDS);
                }
                points += w.points();
            }
            complexity += (long) points * patterns.size();
        }
        if (complexity > MAX_WILDCARD_COMPLEXITY) {
            throw new FilterPolicyException(TOO_COMPLEX_WILDCARDS);
        }
    }

    private static boolean hasNesting(List<Node> nodes) {
        for (Node node : nodes) {
            if (node instanceof Nested) {
                return true;
            }
            if (node instanceof Or or) {
                for (List<Node> alternative : or.alternatives()) {
                    if (hasNesting(alternative)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Leaf keys (AWS counts the keys that hold a value array, not the objects above them) and wildcard patterns. */
    private static void collect(List<Node> nodes, Set<String> keys, Map<String, List<Wildcard>> wildcards) {
        for (Node node : nodes) {
            switch (node) {
                case Leaf leaf -> {
                    keys.add(leaf.rule().path());
                    if (!leaf.rule().wildcards().isEmpty()) {
                        wildcards.computeIfAbsent(leaf.rule().path(), k -> new ArrayList<>())
                                .addAll(leaf.rule().wildcards());
                    }
                }
                case Nested nested -> collect(nested.children(), keys, wildcards);
                case Or or -> or.alternatives().forEach(alternative -> collect(alternative, keys, wildcards));
            }
        }
    }

    /**
     * The total combination: the sum, over the branches {@code $or} creates, of the product of each key's number of
     * values times its nesting level ("Filter policy constraints in Amazon SNS": {@code 3 x 4 x 2 x 3 = 72} for four
     * values three levels deep and three values two levels deep). Saturates instead of overflowing.
     */
    static long combinations(List<Node> nodes) {
        long total = 1;
        for (Node node : nodes) {
            long factor = switch (node) {
                case Leaf leaf -> (long) leaf.rule().valueCount() * leaf.depth();
                case Nested nested -> combinations(nested.children());
                case Or or -> {
                    long sum = 0;
                    for (List<Node> alternative : or.alternatives()) {
                        sum = saturatedAdd(sum, combinations(alternative));
                    }
                    yield sum;
                }
            };
            total = saturatedMultiply(total, factor);
        }
        return total;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedMultiply(long a, long b) {
        return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    /**
     * The branches of a policy whose combinations are within the limit (so at most 150 branches): each is a set of
     * keys that must all match. A key written twice on one branch (as {@code "a.b"} and as {@code {"a": {"b": …}}})
     * keeps its last array, as AWS's engine does.
     */
    static List<List<KeyRule>> expand(List<Node> root) {
        List<List<KeyRule>> branches = new ArrayList<>();
        for (Map<String, KeyRule> branch : branches(root)) {
            branches.add(List.copyOf(branch.values()));
        }
        return List.copyOf(branches);
    }

    private static List<Map<String, KeyRule>> branches(List<Node> nodes) {
        List<Map<String, KeyRule>> current = new ArrayList<>();
        current.add(new LinkedHashMap<>());
        for (Node node : nodes) {
            switch (node) {
                case Leaf leaf -> current.forEach(b -> b.put(leaf.rule().path(), leaf.rule()));
                case Nested nested -> current = cross(current, branches(nested.children()));
                case Or or -> {
                    List<Map<String, KeyRule>> next = new ArrayList<>();
                    for (List<Node> alternative : or.alternatives()) {
                        next.addAll(cross(current, branches(alternative)));
                    }
                    current = next;
                }
            }
        }
        return current;
    }

    private static List<Map<String, KeyRule>> cross(List<Map<String, KeyRule>> left, List<Map<String, KeyRule>> right) {
        List<Map<String, KeyRule>> out = new ArrayList<>();
        for (Map<String, KeyRule> l : left) {
            for (Map<String, KeyRule> r : right) {
                Map<String, KeyRule> merged = new LinkedHashMap<>(l);
                merged.putAll(r);
                out.add(merged);
            }
        }
        return out;
    }
}
