package sluice.core.sns.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.core.sns.filter.Messages.attrs;
import static sluice.core.sns.filter.Messages.q;

import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import sluice.core.sns.filter.FilterPolicy.Scope;

/** "Filter policy constraints in Amazon SNS": keys, combinations, wildcard complexity. */
class FilterPolicyLimitsTest {
    private static final String TOO_COMPLEX = "Filter policy is too complex";
    private static final String FIVE_KEYS = "Filter policy can not have more than 5 keys";

    private static String error(String policy, Scope scope) {
        return assertThrows(FilterPolicyException.class, () -> FilterPolicy.parse(q(policy), scope)).getMessage();
    }

    private static long combinations(String policy) {
        return PolicyParser.combinations(PolicyParser.compile((java.util.Map<?, ?>) sluice.common.Json.parse(q(policy))));
    }

    private static String values(String prefix, int count) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < count; i++) {
            j.add("'" + prefix + i + "'");
        }
        return j.toString();
    }

    @Test
    void documentedCombinationExamples() {
        // "3 x 1 x 2 = 6"
        assertEquals(6, combinations("{'key_a': ['value_one', 'value_two', 'value_three'], 'key_b': ['value_one'],"
                + " 'key_c': ['value_one', 'value_two']}"));
        // nested: "3 x 4 x 2 x 3 = 72" (four values three levels deep, three values two levels deep)
        assertEquals(72, combinations("{'key_a': {'key_b': {'key_c': ['v1', 'v2', 'v3', 'v4']}},"
                + " 'key_d': {'key_e': ['v1', 'v2', 'v3']}}"));
    }

    @Test
    void combinationLimitIs150() {
        // recorded: error-complexity-in-one-condition (151 values) and -in-two-conditions (100 x 51)
        assertEquals(TOO_COMPLEX, error("{'key': " + values("value", 151) + "}", Scope.MESSAGE_ATTRIBUTES));
        assertEquals(TOO_COMPLEX, error("{'key1': " + values("v", 100) + ", 'key2': " + values("v", 51) + "}",
                Scope.MESSAGE_ATTRIBUTES));
        assertDoesNotThrow(() -> FilterPolicy.parse(q("{'key': " + values("value", 150) + "}"), Scope.MESSAGE_ATTRIBUTES));
        assertDoesNotThrow(() -> FilterPolicy.parse(
                q("{'key1': " + values("v", 10) + ", 'key2': " + values("v", 15) + "}"), Scope.MESSAGE_ATTRIBUTES));
    }

    @Test
    void nestedKeysMultiplyByTheirDepth() {
        // recorded: sub-filter-policy-nested-error-too-many-combinations, 3 x 4 x 2 x 3 x 1 x 3 = 216
        assertEquals(TOO_COMPLEX, error("{'key_a': {'key_b': {'key_c': ['v1', 'v2', 'v3', 'v4']}},"
                + " 'key_d': {'key_e': ['v1', 'v2', 'v3']}, 'key_f': ['v1', 'v2', 'v3']}", Scope.MESSAGE_BODY));
    }

    @Test
    void orBranchesAreSummed() {
        String or150 = "{'source': ['a', 'b', 'c'], '$or': [{'metricName': " + values("m", 6) + "},"
                + " {'metricType': " + values("t", 4) + ", '$or': [{'metricId': [1, 2, 3, 4]},"
                + " {'spaceId': [1, 2, 3, 4, 5, 6, 7]}]}]}";
        // recorded: accepted, (3 * 6) + (3 * 4 * 4) + (3 * 4 * 7) = 150
        assertEquals(150, combinations(or150));
        assertDoesNotThrow(() -> FilterPolicy.parse(q(or150), Scope.MESSAGE_ATTRIBUTES));
        // recorded: error-complexity-or-flat, (4 * 6) + (4 * 4 * 4) + (4 * 4 * 4) = 152
        String or152 = "{'source': ['a', 'b', 'c', 'd'], '$or': [{'metricName': " + values("m", 6) + "},"
                + " {'metricType': " + values("t", 4) + ", '$or': [{'metricId': [1, 2, 3, 4]},"
                + " {'spaceId': [1, 2, 3, 4]}]}]}";
        assertEquals(152, combinations(or152));
        assertEquals(TOO_COMPLEX, error(or152, Scope.MESSAGE_ATTRIBUTES));
        // recorded: error-complexity-or-nested, (3*4*2) + (3*4*6) + (2*4*2) + (2*4*6) = 160
        String nested160 = "{'$or': [{'metricName': ['a', 'b', 'c']}, {'namespace': ['x', 'y']}],"
                + " 'detail': {'scope': ['Service', 'Test'], '$or': [{'source': ['aws.cloudwatch']},"
                + " {'type': ['t1', 't2', 't3']}]}}";
        assertEquals(160, combinations(nested160));
        assertEquals(TOO_COMPLEX, error(nested160, Scope.MESSAGE_BODY));
    }

    @Test
    void atMostFiveKeys() {
        // recorded: error-complexity-too-many-fields and sub-filter-policy-max-attr-keys
        String six = "{'key1': ['v'], 'key2': ['v'], 'key3': ['v'], 'key4': ['v'], 'key5': ['v'], 'key6': ['v']}";
        assertEquals(FIVE_KEYS, error(six, Scope.MESSAGE_ATTRIBUTES));
        assertEquals(FIVE_KEYS, error(six, Scope.MESSAGE_BODY));
        // "Filter policy constraints": leaf keys are counted (state, severity, message, standard_control, region,
        // account), the object key "finding" is not
        assertEquals(FIVE_KEYS, error("{'state': ['SUCCESS'], 'severity': [{'exists': true}], 'message': [{'exists': true}],"
                + " 'finding': {'standard_control': [{'exists': true}], 'region': [{'exists': true}],"
                + " 'account': [{'exists': true}]}}", Scope.MESSAGE_BODY));
        // only key_d and key_f are counted; 4 x 4 x 3 x 3 = 144 combinations
        assertDoesNotThrow(() -> FilterPolicy.parse(q("{'key_a': {'key_b': {'key_c': {'key_d': ['v1', 'v2', 'v3', 'v4']}},"
                + " 'key_e': {'key_f': ['v1', 'v2', 'v3']}}}"), Scope.MESSAGE_BODY));
        // the recorded 150-combination $or policy has exactly five distinct keys and is accepted (above)
    }

    @Test
    void wildcardComplexity() {
        String tooComplex = PolicyParser.TOO_COMPLEX_WILDCARDS;
        assertTrue(tooComplex.startsWith("Rule is too complex"));
        // at most three wildcards in a pattern
        assertDoesNotThrow(() -> FilterPolicy.parse(q("{'k': [{'wildcard': '*a*b*'}]}"), Scope.MESSAGE_ATTRIBUTES));
        assertEquals(tooComplex, error("{'k': [{'wildcard': '*a*b*c*'}]}", Scope.MESSAGE_ATTRIBUTES));
        // points: one star = 1, several stars = 3 each; a field's points times its number of patterns; total <= 100
        // 4 patterns of 3 stars: (9 * 4) * 4 = 144
        assertEquals(tooComplex, error("{'k': [{'wildcard': '*a*b*'}, {'wildcard': '*c*d*'}, {'wildcard': '*e*f*'},"
                + " {'wildcard': '*g*h*'}]}", Scope.MESSAGE_ATTRIBUTES));
        // 3 patterns of 3 stars: (9 * 3) * 3 = 81
        assertDoesNotThrow(() -> FilterPolicy.parse(q("{'k': [{'wildcard': '*a*b*'}, {'wildcard': '*c*d*'},"
                + " {'wildcard': '*e*f*'}]}"), Scope.MESSAGE_ATTRIBUTES));
        // escaped stars are not wildcards
        assertDoesNotThrow(() -> FilterPolicy.parse(q("{'k': [{'wildcard': 'a\\\\*\\\\*\\\\*\\\\*b'}]}"),
                Scope.MESSAGE_ATTRIBUTES));
    }

    @Test
    void keysInsideOrAlternativesCount() {
        // every key inside the $or alternatives counts: a, o0.p, o0.q, o1.p, … is more than five
        StringBuilder policy = new StringBuilder("{'a': ['x']");
        for (int i = 0; i < 7; i++) {
            policy.append(", 'o").append(i).append("': {'$or': [{'p': ['1']}, {'q': ['2']}]}");
        }
        policy.append('}');
        assertEquals(FIVE_KEYS, error(policy.toString(), Scope.MESSAGE_BODY));
        FilterPolicy ok = FilterPolicy.parse(q("{'a': {'$or': [{'p': ['1']}, {'q': ['2']}]}, 'b': ['x']}"), Scope.MESSAGE_BODY);
        assertTrue(ok.matchesBody(q("{'a': {'q': '2'}, 'b': 'x'}")));
        assertTrue(FilterPolicy.parse(q("{'a': ['x']}"), Scope.MESSAGE_ATTRIBUTES)
                .matchesAttributes(attrs("a", "String", "x")));
    }
}
