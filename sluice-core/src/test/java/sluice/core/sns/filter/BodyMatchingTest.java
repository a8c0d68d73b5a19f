package sluice.core.sns.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.core.sns.filter.Messages.q;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import sluice.core.sns.filter.FilterPolicy.Scope;

/** Body-scope details beyond the documented examples: arrays of objects, consistency, and cost. */
class BodyMatchingTest {
    private static boolean matches(String policy, String body) {
        return FilterPolicy.parse(q(policy), Scope.MESSAGE_BODY).matchesBody(q(body));
    }

    @Test
    void keysUnderOneArrayMustMatchTheSameElement() {
        String policy = "{'items': {'kind': ['book'], 'price': [{'numeric': ['<', 10]}]}}";
        assertTrue(matches(policy, "{'items': [{'kind': 'pen', 'price': 1}, {'kind': 'book', 'price': 5}]}"));
        assertFalse(matches(policy, "{'items': [{'kind': 'pen', 'price': 1}, {'kind': 'book', 'price': 50}]}"));
        // keys outside the array are free
        assertTrue(matches("{'items': {'kind': ['book']}, 'shop': ['x']}", "{'shop': 'x', 'items': [{'kind': 'book'}]}"));
    }

    @Test
    void nestedArraysAndScalarArrays() {
        assertTrue(matches("{'a': {'b': [3]}}", "{'a': [[{'b': [1, 2]}], [{'b': [3]}]]}"));
        assertFalse(matches("{'a': {'b': [4]}}", "{'a': [[{'b': [1, 2]}], [{'b': [3]}]]}"));
        assertFalse(matches("{'a': ['x']}", "{'a': []}"));
    }

    @Test
    void existsFalseLooksAtTheWholeBody() {
        String policy = "{'a': {'b': [{'exists': false}]}, 'c': ['x']}";
        assertTrue(matches(policy, "{'a': [{'d': 1}], 'c': 'x'}"));
        assertFalse(matches(policy, "{'a': [{'d': 1}, {'b': 2}], 'c': 'x'}"));
        assertTrue(matches(policy, "{'a': {'b': null}, 'c': 'x'}"));
        assertFalse(matches(policy, "{}"));
    }

    @Test
    void ipLiteralsCompareAsAddresses() {
        assertTrue(matches("{'ip': ['2001:db8::1']}", "{'ip': '2001:0db8:0:0:0:0:0:1'}"));
        assertFalse(matches("{'ip': ['2001:db8::1']}", "{'ip': '2001:db8::2'}"));
    }

    @Test
    void largeArraysStayCheap() {
        StringBuilder body = new StringBuilder("{'r': [");
        for (int i = 0; i < 2000; i++) {
            body.append(i == 0 ? "" : ", ").append("{'a': 'x', 'b': 'y', 'c': ").append(i).append('}');
        }
        body.append("]}");
        String policy = "{'r': {'a': ['x'], 'b': ['y'], 'c': [{'numeric': ['<', 0]}]}}";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(matches(policy, body.toString())));
    }
}
