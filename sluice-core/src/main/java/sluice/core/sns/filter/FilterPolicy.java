package sluice.core.sns.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import sluice.common.Json;

/**
 * An Amazon SNS subscription filter policy, parsed, validated and ready to match messages.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>{@link #parse} reads the JSON with {@code sluice.common.Json}, then {@link PolicyParser} builds a tree of keys
 *       ({@link KeyRule}: one key's value array, entries ORed), nested objects and {@code $or} groups, compiling every
 *       entry through {@link RuleParser} into {@link Matcher}s (exact, {@code prefix}, {@code suffix},
 *       {@code equals-ignore-case}, {@link Wildcard}, {@link NumericRange}, {@link Cidr}, {@code anything-but},
 *       {@code exists}). Errors carry AWS's texts ({@link FilterPolicyException}).</li>
 *   <li>Limits are then checked on the tree (scope nesting, at most 5 leaf keys, at most 150 combinations, wildcard
 *       complexity), and the tree is expanded into branches: lists of keys that must all match. {@code $or}
 *       multiplies branches; the combination limit bounds them to 150.</li>
 *   <li>Matching turns the message into typed {@link Value}s (strings, numbers, booleans, null): attributes by data
 *       type ({@code Binary} ignored, {@code String.Array} elements one by one), a body by flattening its JSON into
 *       dotted paths ({@link BodyIndex}). A message matches when one branch matches.</li>
 * </ul>
 *
 * <h2>Semantics (Amazon SNS Developer Guide, "Amazon SNS subscription filter policies" and its sub-pages)</h2>
 * Keys are ANDed, the values of a key ORed; string operators match only strings and numeric ones only numbers, so a
 * {@code Number} attribute matches {@code numeric} and exact numbers and a {@code String} attribute does not; a key
 * "exists" when it has a non-null, non-empty value; {@code "exists": false} and every other operator fail on a message
 * with no attributes at all ("An empty set of attributes results in the filter not matching"); a body that is not a
 * JSON object never matches. An empty policy {@code {}} matches every message.
 */
public final class FilterPolicy {
    /** The largest policy AWS accepts, in bytes of UTF-8; the caller checks it. */
    public static final int MAX_SIZE_BYTES = 256 * 1024;

    /** {@code FilterPolicyScope}. */
    public enum Scope {
        MESSAGE_ATTRIBUTES("MessageAttributes"),
        MESSAGE_BODY("MessageBody");

        private final String awsName;

        Scope(String awsName) {
            this.awsName = awsName;
        }

        /** {@code MessageAttributes} or {@code MessageBody}. */
        public String awsName() {
            return awsName;
        }

        /**
         * The scope for an attribute value; throws {@link IllegalArgumentException} with AWS's text (to follow
         * {@code "Invalid parameter: FilterPolicyScope: "}) for anything else.
         */
        public static Scope fromAwsName(String value) {
            for (Scope s : values()) {
                if (s.awsName.equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "Invalid value [" + value + "]. Please use either MessageBody or MessageAttributes");
        }
    }

    private final Scope scope;
    /** Empty for the policy {@code {}}, which matches everything. */
    private final List<List<KeyRule>> branches;

    private FilterPolicy(Scope scope, List<List<KeyRule>> branches) {
        this.scope = scope;
        this.branches = branches;
    }

    /**
     * Parses and validates; throws {@link FilterPolicyException} with AWS's message text (without the
     * {@code "Invalid parameter: FilterPolicy: "} prefix; the caller adds it). An empty policy {@code "{}"} matches
     * everything.
     */
    public static FilterPolicy parse(String json, Scope scope) {
        Objects.requireNonNull(scope, "scope");
        Object document;
        try {
            document = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new FilterPolicyException("failed to parse JSON.");
        }
        if (!(document instanceof Map<?, ?> policy)) {
            throw new FilterPolicyException("Filter is not an object");
        }
        if (policy.isEmpty()) {
            return new FilterPolicy(scope, List.of());
        }
        List<PolicyParser.Node> tree = PolicyParser.compile(policy);
        PolicyParser.checkLimits(tree, scope);
        return new FilterPolicy(scope, PolicyParser.expand(tree));
    }

    public Scope scope() {
        return scope;
    }

    /** Whether this is the empty policy, which matches every message. */
    public boolean isEmpty() {
        return branches.isEmpty();
    }

    /**
     * Attribute scope: SNS message attributes by name (dataType "String", "String.Array" (value is a JSON array
     * text), "Number", "Binary", each optionally with a custom label such as "Number.float").
     */
    public boolean matchesAttributes(Map<String, Attribute> attributes) {
        if (scope != Scope.MESSAGE_ATTRIBUTES) {
            throw new IllegalStateException("this filter policy has the MessageBody scope");
        }
        if (branches.isEmpty()) {
            return true;
        }
        Map<String, List<Value>> values = new HashMap<>();
        attributes.forEach((name, attribute) -> {
            List<Value> decoded = decode(attribute);
            if (decoded != null) {
                values.put(name, decoded);
            }
        });
        if (values.isEmpty()) {
            return false;
        }
        for (List<KeyRule> branch : branches) {
            if (branch.stream().allMatch(rule -> rule.matches(values.getOrDefault(rule.path(), List.of())))) {
                return true;
            }
        }
        return false;
    }

    /** Body scope: the message body; a body that is not a JSON object never matches a non-empty policy. */
    public boolean matchesBody(String body) {
        if (scope != Scope.MESSAGE_BODY) {
            throw new IllegalStateException("this filter policy has the MessageAttributes scope");
        }
        if (branches.isEmpty()) {
            return true;
        }
        Object document;
        try {
            document = Json.parse(body);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!(document instanceof Map<?, ?> object)) {
            return false;
        }
        BodyIndex index = BodyIndex.of(object);
        if (index.isEmpty()) {
            return false;
        }
        for (List<KeyRule> branch : branches) {
            if (index.matches(branch)) {
                return true;
            }
        }
        return false;
    }

    /** The values an attribute offers to matching; {@code null} for one SNS ignores ({@code Binary}). */
    private static List<Value> decode(Attribute attribute) {
        String type = attribute.dataType() == null ? "String" : attribute.dataType();
        String text = attribute.value();
        if (type.startsWith("Binary") || text == null) {
            return null;
        }
        if (type.equals("String.Array")) {
            List<Value> out = new ArrayList<>();
            try {
                if (Json.parse(text) instanceof List<?> elements) {
                    for (Object element : elements) {
                        Value v = Value.ofJson(element);
                        if (v != null) {
                            out.add(v);
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                // SNS rejects such a message at Publish; here it simply offers no values.
            }
            return out;
        }
        if (type.startsWith("Number")) {
            try {
                return List.of(new Value.Num(new BigDecimal(text.trim())));
            } catch (NumberFormatException e) {
                return List.of(new Value.Str(text));
            }
        }
        return List.of(new Value.Str(text));
    }

    @Override
    public String toString() {
        return "FilterPolicy[" + scope.awsName() + ", " + branches.size() + " branch(es)]";
    }
}
