package sluice.core.sns.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.core.sns.filter.Messages.q;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import sluice.core.sns.filter.FilterPolicy.Scope;

/**
 * Invalid policies and AWS's texts for them. "recorded" rows are AWS's answers as recorded in LocalStack's
 * {@code test_sns_filter_policy.snapshot.json} (AWS appends a JSON location, "\n at [Source: …]", which is not
 * reproduced); the others use the texts of AWS's rule engine (aws/event-ruler {@code JsonRuleCompiler}, {@code CIDR},
 * {@code WildcardParser}) that the recorded ones come from.
 */
class FilterPolicyValidationTest {
    static Stream<Arguments> invalid() {
        return Stream.of(
                // recorded: test_validate_policy
                row("{'key': [['value']]}", "Match value must be String, number, true, false, or null"),
                row("{'key': [{'wrong-operator': true}]}", "Unrecognized match type wrong-operator"),
                row("{'key': [{'suffix': 'value', 'prefix': 'value2'}]}", "Only one key allowed in match expression"),
                // recorded: test_validate_policy_string_operators
                row("{'key': [{'suffix': 100}]}", "suffix match pattern must be a string"),
                row("{'key': [{'suffix': null}]}", "suffix match pattern must be a string"),
                row("{'key': [{'suffix': []}]}", "suffix match pattern must be a string"),
                row("{'key': [{'suffix': ['test', 'test2']}]}", "suffix match pattern must be a string"),
                row("{'key': {'suffix': 'value'}}", "\"suffix\" must be an object or an array"),
                row("{'key': {'suffix': 'value', 'prefix': 'value'}}", "\"suffix\" must be an object or an array"),
                row("{'key': {'not-an-operator': 'value'}}", "\"not-an-operator\" must be an object or an array"),
                // recorded: test_validate_policy_numeric_operator
                row("{'key': [{'numeric': []}]}", "Invalid member in numeric match: ]"),
                row("{'key': [{'numeric': ['operator']}]}", "Unrecognized numeric range operator: operator"),
                row("{'key': [{'numeric': [1, '<=']}]}", "Invalid member in numeric match: 1"),
                row("{'key': [{'numeric': ['=', '000']}]}", "Value of equals must be numeric"),
                row("{'key': [{'numeric': ['>=']}]}", "Value of >= must be numeric"),
                row("{'key': [{'numeric': ['<', 100, '>', 10]}]}", "Too many elements in numeric expression"),
                row("{'key': [{'numeric': ['>=', 1, '>', 2]}]}", "Bad numeric range operator: >"),
                row("{'key': [{'numeric': ['>', 3, '<', 1]}]}", "Bottom must be less than top"),
                row("{'key': [{'numeric': ['>', 20, '<=']}]}", "Value of <= must be numeric"),
                row("{'key': [{'numeric': ['>', 20, 30]}]}", "Bad value in numeric range: 30"),
                row("{'key': [{'numeric': ['>', 20, 'test']}]}", "Bad numeric range operator: test"),
                row("{'key': [{'numeric': ['>', '20', '<', '30']}]}", "Value of > must be numeric"),
                row("{'key': [{'numeric': ['>', 20, '<', '30']}]}", "Value of < must be numeric"),
                row("{'key': [{'numeric': ['>', 20, '<', 30, '<', 50]}]}", "Too many terms in numeric range expression"),
                // recorded: test_validate_policy_exists_operator
                row("{'key': [{'exists': null}]}", "exists match pattern must be either true or false."),
                row("{'key': [{'exists': 'no'}]}", "exists match pattern must be either true or false."),
                // recorded: test_validate_policy_nested_anything_but_operator
                row("{'key': [{'anything-but': {'wrong-operator': null}}]}", "Unsupported anything-but pattern: wrong-operator"),
                row("{'key': [{'anything-but': {'exists': false}}]}", "Unsupported anything-but pattern: exists"),
                row("{'key': [{'anything-but': {'prefix': false}}]}", "prefix match pattern must be a string"),
                // recorded: test_sub_filter_policy_nested_property_constraints; invalid JSON (test_sns.py)
                row("{'key_a': 'value_one'}", "\"key_a\" must be an object or an array"),
                row("{invalidjson}", "failed to parse JSON."),
                // the rule engine's texts
                row("['a']", "Filter is not an object"),
                row("{'key': []}", "Empty arrays are not allowed"),
                row("{'key': {}}", "Empty objects are not allowed"),
                row("{'key': [{}]}", "Match expression name not found"),
                row("{'key': [{'numeric': '>'}]}", "Value of numeric must be an array."),
                row("{'key': [{'numeric': ['=', 1, 2]}]}", "Too many elements in numeric expression"),
                row("{'key': [{'numeric': ['>', 1], 'prefix': 'a'}]}", "Too many elements in numeric expression"),
                row("{'key': [{'numeric': ['>=', 5, '<=', 5]}]}", "Bottom must be less than top"),
                row("{'key': [{'numeric': ['<', 1000000001]}]}", "Value must be between -1.0E9 and 1.0E9, inclusive"),
                row("{'key': [{'numeric': ['=', -1e10]}]}", "Value must be between -1.0E9 and 1.0E9, inclusive"),
                row("{'key': [{'anything-but': [2e9]}]}", "Value must be between -1.0E9 and 1.0E9, inclusive"),
                row("{'key': [{'exists': true, 'prefix': 'a'}]}", "Only one key allowed in match expression"),
                row("{'key': [{'prefix': {'equals-ignore-case': 'a'}}]}", "prefix match pattern must be a string"),
                row("{'key': [{'equals-ignore-case': 5}]}", "equals-ignore-case match pattern must be a string"),
                row("{'key': [{'anything-but': null}]}", "Value of anything-but must be an array or single string/number value."),
                row("{'key': [{'anything-but': true}]}", "Value of anything-but must be an array or single string/number value."),
                row("{'key': [{'anything-but': ['a', 1]}]}",
                        "Inside anything but list, either all values are number or string, mixed type is not supported"),
                row("{'key': [{'anything-but': []}]}",
                        "Inside anything but list, either all values are number or string, mixed type is not supported"),
                row("{'key': [{'anything-but': ['a', null]}]}", "Inside anything but list, start|null|boolean is not supported."),
                row("{'key': [{'anything-but': {}}]}", "Anything-But expression name not found"),
                row("{'key': [{'anything-but': {'numeric': ['>', 1]}}]}", "Unsupported anything-but pattern: numeric"),
                row("{'key': [{'anything-but': {'prefix': ''}}]}", "Null prefix/suffix not allowed"),
                row("{'key': [{'anything-but': {'suffix': ['a', 1]}}]}", "prefix/suffix match pattern must be a string"),
                row("{'key': [{'anything-but': {'wildcard': [1]}}]}", "wildcard match pattern must be a string"),
                row("{'key': [{'anything-but': {'equals-ignore-case': [1]}}]}",
                        "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."),
                row("{'key': [{'anything-but': {'prefix': 'a', 'suffix': 'b'}}]}", "Too many elements in numeric expression"),
                row("{'key': [{'cidr': 10}]}", "prefix match pattern must be a string"),
                row("{'key': [{'cidr': '10.0.0.0'}]}", "Malformed CIDR, one '/' required"),
                row("{'key': [{'cidr': '10.0.0.0/x'}]}", "Malformed CIDR, mask bits must be an integer"),
                row("{'key': [{'cidr': '10.0.0.0/-1'}]}", "Malformed CIDR, mask bits must not be negative"),
                row("{'key': [{'cidr': 'host/8'}]}", "Nonstandard IP address: host"),
                row("{'key': [{'cidr': '10.0.0.256/8'}]}", "Invalid IP address: 10.0.0.256"),
                row("{'key': [{'cidr': '10.0.0.0/32'}]}", "IPv4 mask bits must be < 32"),
                row("{'key': [{'cidr': '::/128'}]}", "IPv6 mask bits must be < 128"),
                row("{'key': [{'wildcard': 5}]}", "wildcard match pattern must be a string"),
                row("{'key': [{'wildcard': 'abc**def'}]}", "Consecutive wildcard characters at pos 4"),
                row("{'key': [{'wildcard': 'a*c\\\\def'}]}", "Invalid escape character at pos 4"),
                row("{'key': [{'exactly': 'a'}]}", "Unrecognized match type exactly"),
                row("{'$or': [{'a': {'prefix': ['x']}}, {'b': ['y']}]}",
                        "prefix is Ruler reserved fieldName which cannot be used inside $or."),
                row("{'$or': 'x'}", "\"$or\" must be an object or an array"));
    }

    private static Arguments row(String policy, String message) {
        return Arguments.of(q(policy), message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalid")
    void rejectsWithAwsText(String policy, String message) {
        for (Scope scope : Scope.values()) {
            FilterPolicyException e = assertThrows(FilterPolicyException.class, () -> FilterPolicy.parse(policy, scope));
            assertEquals(message, e.getMessage(), policy + " under " + scope);
            assertTrue(e.namesFilterPolicy());
            assertEquals("FilterPolicy: " + message, e.parameterMessage());
        }
    }

    @Test
    void nestedPolicyUnderAttributeScope() {
        // recorded: test_sub_filter_policy_nested_property — "Invalid parameter: Filter policy scope MessageAttributes
        // does not support nested filter policy" (no "FilterPolicy: " in AWS's text)
        String nested = q("{'object': {'key': [{'prefix': 'auto-'}]}}");
        FilterPolicyException e = assertThrows(FilterPolicyException.class,
                () -> FilterPolicy.parse(nested, Scope.MESSAGE_ATTRIBUTES));
        assertEquals("Filter policy scope MessageAttributes does not support nested filter policy", e.getMessage());
        assertFalse(e.namesFilterPolicy());
        assertEquals(e.getMessage(), e.parameterMessage());
        assertDoesNotThrow(() -> FilterPolicy.parse(nested, Scope.MESSAGE_BODY));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // recorded: accepted by AWS (test_validate_policy_nested_anything_but_operator, test_filter_policy)
        "{'key': [{'anything-but': {'prefix': 'test-'}}]}",
        "{'key': [{'anything-but': ['test', 'test2']}]}",
        "{'key': [{'anything-but': 'test'}]}",
        "{'attr1': [null, {'anything-but': 'whatever'}]}",
        "{'attr1': [{'numeric': ['>', 0, '<=', 100]}]}",
        // documented operators
        "{'key': [{'anything-but': {'suffix': '.png'}}]}",
        "{'key': [{'anything-but': {'wildcard': ['*/lib/*', '*/bin/*']}}]}",
        "{'key': [{'anything-but': {'equals-ignore-case': ['a', 'B']}}]}",
        "{'key': [{'cidr': '2001:db8::/32'}, {'cidr': '10.0.0.0/8'}]}",
        "{'key': [{'wildcard': 'a*b*c*'}]}",
        "{'key': [{'prefix': ''}, '', true, false, 1e12, -0.5]}",
        "{'$or': ['a', 'b']}",
        "{}"})
    void accepts(String policy) {
        assertDoesNotThrow(() -> FilterPolicy.parse(q(policy), Scope.MESSAGE_ATTRIBUTES));
    }

    @Test
    void scopeNames() {
        assertEquals(Scope.MESSAGE_BODY, Scope.fromAwsName("MessageBody"));
        assertEquals("MessageAttributes", Scope.MESSAGE_ATTRIBUTES.awsName());
        // recorded: test_set_subscription_filter_policy_scope
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scope.fromAwsName("RandomValue"));
        assertEquals("Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes", e.getMessage());
    }

    @Test
    void matchingTheOtherScopeIsAMistake() {
        FilterPolicy body = FilterPolicy.parse("{}", Scope.MESSAGE_BODY);
        assertThrows(IllegalStateException.class, () -> body.matchesAttributes(java.util.Map.of()));
    }
}
