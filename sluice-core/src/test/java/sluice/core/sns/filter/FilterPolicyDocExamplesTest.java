package sluice.core.sns.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sluice.core.sns.filter.Messages.attrs;
import static sluice.core.sns.filter.Messages.q;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sluice.core.sns.filter.FilterPolicy.Scope;

/**
 * The worked examples of the Amazon SNS Developer Guide, one row per (policy, message, expected) pair. Each group
 * names the page it comes from; rows marked "recorded" come from LocalStack's SNS filter policy tests that were run
 * against AWS ({@code tests/aws/services/sns/test_sns_filter_policy.py}, {@code @markers.aws.validated}).
 */
class FilterPolicyDocExamplesTest {
    record Case(String name, String policy, Scope scope, Object message, boolean expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void attributes(String name, String policy, Map<String, Attribute> message, boolean expected) {
        CASES.add(new Case(name, q(policy), Scope.MESSAGE_ATTRIBUTES, message, expected));
    }

    private static void body(String name, String policy, String message, boolean expected) {
        CASES.add(new Case(name, q(policy), Scope.MESSAGE_BODY, q(message), expected));
    }

    static {
        // "String value matching" — Exact matching
        String exact = "{'customer_interests': ['rugby', 'tennis']}";
        attributes("exact String rugby", exact, attrs("customer_interests", "String", "rugby"), true);
        attributes("exact String tennis", exact, attrs("customer_interests", "String", "tennis"), true);
        attributes("exact String.Array", exact, attrs("customer_interests", "String.Array", "['rugby', 'tennis']"), true);
        attributes("exact String baseball", exact, attrs("customer_interests", "String", "baseball"), false);
        attributes("exact String.Array baseball", exact, attrs("customer_interests", "String.Array", "['baseball']"), false);
        body("exact body rugby", exact, "{'customer_interests': 'rugby'}", true);
        body("exact body tennis", exact, "{'customer_interests': 'tennis'}", true);
        body("exact body baseball", exact, "{'customer_interests': 'baseball'}", false);

        // "String value matching" — Anything-but matching
        String anythingBut = "{'customer_interests': [{'anything-but': ['rugby', 'tennis']}]}";
        attributes("anything-but baseball", anythingBut, attrs("customer_interests", "String", "baseball"), true);
        attributes("anything-but football", anythingBut, attrs("customer_interests", "String", "football"), true);
        attributes("anything-but String.Array with one other value", anythingBut,
                attrs("customer_interests", "String.Array", "['rugby', 'baseball']"), true);
        attributes("anything-but rugby", anythingBut, attrs("customer_interests", "String", "rugby"), false);
        body("anything-but body baseball", anythingBut, "{'customer_interests': 'baseball'}", true);
        body("anything-but body football", anythingBut, "{'customer_interests': 'football'}", true);
        body("anything-but body array", anythingBut, "{'customer_interests': ['rugby', 'baseball']}", true);
        body("anything-but body rugby", anythingBut, "{'customer_interests': 'rugby'}", false);
        attributes("anything-but needs the key (pair it with exists false)", anythingBut,
                attrs("other", "String", "x"), false);

        // "String value matching" — Using a prefix with the anything-but operator
        String notOrder = "{'event': [{'anything-but': {'prefix': 'order-'}}]}";
        attributes("anything-but prefix data-entry", notOrder, attrs("event", "String", "data-entry"), true);
        attributes("anything-but prefix order_number", notOrder, attrs("event", "String", "order_number"), true);
        attributes("anything-but prefix order-cancelled", notOrder, attrs("event", "String", "order-cancelled"), false);

        // "String value matching" — anything-but with suffix / equals-ignore-case / wildcard; the example values are those of
        // "Comparison operators for use in event patterns in Amazon EventBridge" (same operators, same engine)
        attributes("anything-but suffix", "{'f': [{'anything-but': {'suffix': '.png'}}]}",
                attrs("f", "String", "a.jpg"), true);
        attributes("anything-but suffix excluded", "{'f': [{'anything-but': {'suffix': '.png'}}]}",
                attrs("f", "String", "a.png"), false);
        attributes("anything-but equals-ignore-case", "{'s': [{'anything-but': {'equals-ignore-case': ['init', 'stop']}}]}",
                attrs("s", "String", "STOP"), false);
        attributes("anything-but equals-ignore-case other", "{'s': [{'anything-but': {'equals-ignore-case': 'init'}}]}",
                attrs("s", "String", "running"), true);
        attributes("anything-but wildcard excluded", "{'p': [{'anything-but': {'wildcard': '*/lib/*'}}]}",
                attrs("p", "String", "/usr/lib/x"), false);
        attributes("anything-but wildcard other", "{'p': [{'anything-but': {'wildcard': '*/lib/*'}}]}",
                attrs("p", "String", "/usr/bin/x"), true);

        // "String value matching" — Prefix, suffix, equals-ignore-case matching
        String prefix = "{'customer_interests': [{'prefix': 'bas'}]}";
        attributes("prefix baseball", prefix, attrs("customer_interests", "String", "baseball"), true);
        attributes("prefix basketball", prefix, attrs("customer_interests", "String", "basketball"), true);
        attributes("prefix rugby", prefix, attrs("customer_interests", "String", "rugby"), false);
        body("prefix body", prefix, "{'customer_interests': 'baseball'}", true);
        String suffix = "{'customer_interests': [{'suffix': 'ball'}]}";
        attributes("suffix baseball", suffix, attrs("customer_interests", "String", "baseball"), true);
        attributes("suffix basketball", suffix, attrs("customer_interests", "String", "basketball"), true);
        attributes("suffix rugby", suffix, attrs("customer_interests", "String", "rugby"), false);
        String ignoreCase = "{'customer_interests': [{'equals-ignore-case': 'tennis'}]}";
        attributes("equals-ignore-case TENNIS", ignoreCase, attrs("customer_interests", "String", "TENNIS"), true);
        attributes("equals-ignore-case Tennis", ignoreCase, attrs("customer_interests", "String", "Tennis"), true);
        attributes("equals-ignore-case rugby", ignoreCase, attrs("customer_interests", "String", "rugby"), false);
        body("equals-ignore-case body", ignoreCase, "{'customer_interests': 'TeNnIs'}", true);

        // "String value matching" — IP address matching
        String cidr = "{'source_ip': [{'cidr': '10.0.0.0/24'}]}";
        attributes("cidr 10.0.0.0", cidr, attrs("source_ip", "String", "10.0.0.0"), true);
        attributes("cidr 10.0.0.255", cidr, attrs("source_ip", "String", "10.0.0.255"), true);
        attributes("cidr 10.1.1.0", cidr, attrs("source_ip", "String", "10.1.1.0"), false);
        attributes("cidr not an address", cidr, attrs("source_ip", "String", "localhost"), false);
        String cidr6 = "{'source_ip': [{'cidr': '2001:db8::/32'}]}";
        attributes("cidr IPv6 inside", cidr6, attrs("source_ip", "String", "2001:db8:1::ab"), true);
        attributes("cidr IPv6 outside", cidr6, attrs("source_ip", "String", "2001:db9::1"), false);
        attributes("cidr IPv6 vs IPv4", cidr6, attrs("source_ip", "String", "10.0.0.1"), false);

        // "String value matching" — Wildcard matching (the operator as documented; these example values are ours)
        String wildcard = "{'customer_interests': [{'wildcard': '*ball'}]}";
        attributes("wildcard *ball baseball", wildcard, attrs("customer_interests", "String", "baseball"), true);
        attributes("wildcard *ball rugby", wildcard, attrs("customer_interests", "String", "rugby"), false);
        body("wildcard middle", "{'path': [{'wildcard': 'a*/src/*.js'}]}", "{'path': 'app/x/src/main.js'}", true);
        body("wildcard middle no", "{'path': [{'wildcard': 'a*/src/*.js'}]}", "{'path': 'app/x/lib/main.js'}", false);
        body("wildcard escaped star", "{'k': [{'wildcard': 'a\\\\*b'}]}", "{'k': 'a*b'}", true);
        body("wildcard escaped star is literal", "{'k': [{'wildcard': 'a\\\\*b'}]}", "{'k': 'axxb'}", false);

        // "Numeric value matching" — Exact matching
        String numericEq = "{'price_usd': [{'numeric': ['=', 301.5]}]}";
        attributes("numeric = 301.5", numericEq, attrs("price_usd", "Number", "301.5"), true);
        attributes("numeric = 3.015e2", numericEq, attrs("price_usd", "Number", "3.015e2"), true);
        body("numeric = body 301.5", numericEq, "{'price_usd': 301.5}", true);
        body("numeric = body 3.015e2", numericEq, "{'price_usd': 3.015e2}", true);
        attributes("numeric only matches Number attributes", numericEq, attrs("price_usd", "String", "301.5"), false);
        body("numeric does not match a string", numericEq, "{'price_usd': '301.5'}", false);

        // "Numeric value matching" — Anything-but matching
        String notPrice = "{'price': [{'anything-but': [100, 500]}]}";
        attributes("anything-but numbers 101", notPrice, attrs("price", "Number", "101"), true);
        attributes("anything-but numbers 100.1", notPrice, attrs("price", "Number", "100.1"), true);
        body("anything-but numbers body 101", notPrice, "{'price': 101}", true);
        body("anything-but numbers body 100.1", notPrice, "{'price': 100.1}", true);
        body("anything-but numbers body array", notPrice, "{'price': [100, 50]}", true);
        attributes("anything-but numbers 100", notPrice, attrs("price", "Number", "100"), false);
        body("anything-but numbers body 100", notPrice, "{'price': 100}", false);

        // "Numeric value matching" — Value range matching
        String negative = "{'price_usd': [{'numeric': ['<', 0]}]}";
        attributes("numeric < 0 with -1", negative, attrs("price_usd", "Number", "-1"), true);
        attributes("numeric < 0 with 0", negative, attrs("price_usd", "Number", "0"), false);
        String upTo150 = "{'price_usd': [{'numeric': ['>', 0, '<=', 150]}]}";
        attributes("range 150 included", upTo150, attrs("price_usd", "Number", "150"), true);
        attributes("range 0 excluded", upTo150, attrs("price_usd", "Number", "0"), false);
        attributes("range 150.00001 excluded", upTo150, attrs("price_usd", "Number", "150.00001"), false);
        body("range body 0.5", upTo150, "{'price_usd': 0.5}", true);
        // "five digits of accuracy after the decimal point" ("Filter policy constraints"); read here as comparing numbers
        // truncated to five decimals
        attributes("numeric accuracy is five decimals", numericEq, attrs("price_usd", "Number", "301.500009"), true);
        attributes("out-of-range message number matches no range", "{'n': [{'numeric': ['>', 0]}]}",
                attrs("n", "Number", "2e9"), false);

        // "Key matching"
        String exists = "{'store': [{'exists': true}]}";
        Map<String, Attribute> withStore = attrs("store", "String", "fans",
                "customer_interests", "String.Array", "['baseball', 'basketball']");
        Map<String, Attribute> withoutStore = attrs("customer_interests", "String.Array", "['baseball', 'basketball']");
        attributes("exists true with store", exists, withStore, true);
        attributes("exists true without store", exists, withoutStore, false);
        body("exists true body with store", exists, "{'store': 'fans', 'customer_interests': ['baseball', 'basketball']}", true);
        body("exists true body without store", exists, "{'customer_interests': ['baseball', 'basketball']}", false);
        String absent = "{'store': [{'exists': false}]}";
        attributes("exists false with store", absent, withStore, false);
        attributes("exists false without store", absent, withoutStore, true);
        body("exists false body with store", absent, "{'store': 'fans', 'customer_interests': ['baseball', 'basketball']}", false);
        body("exists false body without store", absent, "{'customer_interests': ['baseball', 'basketball']}", true);
        attributes("exists false needs at least one attribute", absent, attrs(), false);
        body("exists true needs a non-null value", exists, "{'store': null}", false);
        body("exists only works on leaf nodes", exists, "{'store': {'name': 'fans'}}", false);
        attributes("Binary attributes are ignored", exists, attrs("store", "Binary", "AAEC"), false);

        // "AND/OR logic" — AND logic, OR logic, OR operator
        String and = "{'customer_interests': ['rugby'], 'price_usd': [{'numeric': ['>', 100]}]}";
        attributes("AND both", and, attrs("customer_interests", "String", "rugby", "price_usd", "Number", "101"), true);
        attributes("AND one", and, attrs("customer_interests", "String", "rugby", "price_usd", "Number", "100"), false);
        body("AND body both", and, "{'customer_interests': 'rugby', 'price_usd': 150}", true);
        String or = "{'customer_interests': ['rugby', 'football', 'baseball']}";
        attributes("OR football", or, attrs("customer_interests", "String", "football"), true);
        attributes("OR tennis", or, attrs("customer_interests", "String", "tennis"), false);
        String orOperator = "{'source': ['aws.cloudwatch'], '$or': [{'metricName': ['CPUUtilization', 'ReadLatency']},"
                + " {'namespace': ['AWS/EC2', 'AWS/ES']}]}";
        attributes("$or first branch", orOperator,
                attrs("source", "String", "aws.cloudwatch", "metricName", "String", "ReadLatency"), true);
        attributes("$or second branch", orOperator,
                attrs("source", "String", "aws.cloudwatch", "namespace", "String", "AWS/ES"), true);
        attributes("$or neither branch", orOperator,
                attrs("source", "String", "aws.cloudwatch", "namespace", "String", "AWS/S3"), false);
        attributes("$or still ANDed with source", orOperator,
                attrs("source", "String", "aws.events", "metricName", "String", "ReadLatency"), false);
        body("$or body", orOperator, "{'source': 'aws.cloudwatch', 'namespace': 'AWS/EC2'}", true);
        attributes("$or holding reserved keywords is an ordinary key", "{'$or': [{'prefix': 'a'}, {'suffix': 'z'}]}",
                attrs("$or", "String", "abc"), true);

        // "Example filter policies" / "Amazon SNS subscription filter policies": the example message
        Map<String, Attribute> example = attrs(
                "customer_interests", "String.Array", "['soccer', 'rugby', 'hockey']",
                "store", "String", "example_corp",
                "event", "String", "order_placed",
                "price_usd", "Number", "210.75");
        attributes("example policy that accepts", "{'store': ['example_corp'], 'event': [{'anything-but': 'order_cancelled'}],"
                + " 'customer_interests': ['rugby', 'football', 'baseball'], 'price_usd': [{'numeric': ['>=', 100]}]}",
                example, true);
        attributes("example policy that rejects", "{'store': ['example_corp'], 'event': ['order_cancelled'],"
                + " 'encrypted': [false], 'customer_interests': ['basketball', 'baseball']}", example, false);

        // Payload-based filtering (AWS Compute Blog "Introducing payload-based message filtering for Amazon SNS");
        // recorded: test_filter_policy_on_message_body
        String nested = "{'object': {'key': [{'prefix': 'auto-'}, 'hardcodedvalue'], 'nested_key': [{'exists': false}]},"
                + " 'test': [{'exists': false}]}";
        body("recorded nested prefix", nested, "{'object': {'key': 'auto-test'}}", true);
        body("recorded nested exact", nested, "{'object': {'key': 'hardcodedvalue'}}", true);
        body("recorded nested wrong prefix", nested, "{'object': {'key': 'test-auto'}}", false);
        body("recorded nested test exists", nested, "{'object': {'key': 'auto-test'}, 'test': 'just-exists'}", false);
        body("recorded nested_key exists", nested, "{'object': {'key': 'auto-test', 'nested_key': 'just-exists'}}", false);
        body("recorded nested wrong key", nested, "{'object': {'test': 'auto-test'}}", false);
        body("recorded nested only test", nested, "{'test': 'auto-test'}", false);
        body("recorded body not JSON", nested, "Regular string message", false);
        body("recorded body JSON but not an object", nested, "'Regular string message'", false);
        // recorded: test_filter_policy_on_message_body_dot_attribute
        body("recorded dotted policy, nested body", "{'object.nested': ['string.value']}",
                "{'object': {'nested': 'string.value'}}", true);
        body("recorded dotted policy, dotted body", "{'object.nested': ['string.value']}",
                "{'object.nested': 'string.value'}", true);
        body("recorded dotted policy, other value", "{'object.nested': ['string.value']}",
                "{'object': {'nested': 'test-auto'}}", false);
        body("recorded mixed dots", "{'object.nested.test': ['string.value']}",
                "{'object.nested': {'test': 'string.value'}}", true);
        body("recorded mixed dots 2", "{'object.nested.test': ['string.value']}",
                "{'object': {'nested.test': 'string.value'}}", true);
        // recorded: test_filter_policy_on_message_body_array_attributes
        String route1 = "{'headers': {'route-to': ['queue1']}}";
        body("recorded array queue1", route1, "{'headers': {'route-to': ['queue1']}}", true);
        body("recorded array queue1+2", route1, "{'headers': {'route-to': ['queue1', 'queue2']}}", true);
        body("recorded array queue3", route1, "{'headers': {'route-to': ['queue3']}}", false);
        // recorded: test_filter_policy_on_message_body_array_of_object_attributes (S3 Records)
        String s3 = "{'Records': {'s3': {'object': {'key': [{'prefix': 'auto-'}]}}, 'eventName': [{'prefix': 'ObjectCreated:'}]}}";
        body("recorded S3 created auto", s3, "{'Records': [{'eventName': 'ObjectCreated:Put',"
                + " 's3': {'object': {'key': 'auto-insurance-2314.xml', 'size': 17}}}]}", true);
        body("recorded S3 removed auto", s3, "{'Records': [{'eventName': 'ObjectRemoved:Delete',"
                + " 's3': {'object': {'key': 'auto-insurance-2314.xml', 'size': 17}}}]}", false);
        body("recorded S3 created home", s3, "{'Records': [{'eventName': 'ObjectCreated:Put',"
                + " 's3': {'object': {'key': 'home-insurance-2314.xml', 'size': 17}}}]}", false);
        body("recorded S3 multiple records, list of list", s3, "{'Records': [{'eventName': 'ObjectCreated:Put',"
                + " 's3': {'object': [[{'key': 'auto-insurance-2314.xml', 'size': 17}]]}},"
                + " {'eventName': 'ObjectRemoved:Delete', 's3': {'object': {'key': 'home-insurance-2314.xml'}}}]}", true);
        body("array consistency: both keys from one record", s3, "{'Records': [{'eventName': 'ObjectCreated:Put',"
                + " 's3': {'object': {'key': 'home.xml'}}}, {'eventName': 'ObjectRemoved:Delete',"
                + " 's3': {'object': {'key': 'auto-1.xml'}}}]}", false);
        // recorded: test_filter_policy_on_message_body_or_attribute
        String bodyOr = "{'$or': [{'metricName': ['CPUUtilization', 'ReadLatency']}, {'namespace': ['AWS/EC2', 'AWS/ES']}],"
                + " 'detail': {'scope': ['Service'], '$or': [{'source': ['aws.cloudwatch']},"
                + " {'type': ['CloudWatch Alarm State Change']}]}}";
        body("recorded $or wrong scope", bodyOr, "{'metricName': 'CPUUtilization', 'detail': {'scope': 'aws.cloudwatch',"
                + " 'type': 'CloudWatch Alarm State Change'}}", false);
        body("recorded $or wrong type", bodyOr,
                "{'metricName': 'CPUUtilization', 'detail': {'scope': 'Service', 'type': 'CPUUtilization'}}", false);
        body("recorded $or missing scope", bodyOr,
                "{'metricName': 'CPUUtilization', 'detail': {'type': 'CloudWatch Alarm State Change'}}", false);
        body("recorded $or missing type/source", bodyOr, "{'metricName': 'CPUUtilization', 'detail': {'scope': 'Service'}}", false);
        body("recorded $or scope at top", bodyOr, "{'metricName': 'CPUUtilization', 'scope': 'Service'}", false);
        body("recorded $or pass source", bodyOr,
                "{'metricName': 'ReadLatency', 'detail': {'scope': 'Service', 'source': 'aws.cloudwatch'}}", true);
        body("recorded $or pass namespace", bodyOr,
                "{'namespace': 'AWS/ES', 'detail': {'scope': 'Service', 'source': 'aws.cloudwatch'}}", true);
        body("recorded $or pass type", bodyOr, "{'metricName': 'CPUUtilization',"
                + " 'detail': {'scope': 'Service', 'type': 'CloudWatch Alarm State Change'}}", true);
        body("$or value of another key", bodyOr, "{'metricName': 'AWS/EC2',"
                + " 'detail': {'scope': 'Service', 'type': 'CloudWatch Alarm State Change'}}", false);
        // recorded: test_filter_policy (attributes) and test_exists_filter_policy_attributes_array
        String range = "{'attr1': [{'numeric': ['>', 0, '<=', 100]}]}";
        attributes("recorded Number 99", range, attrs("attr1", "Number", "99"), true);
        attributes("recorded Number 111", range, attrs("attr1", "Number", "111"), false);
        attributes("recorded null or anything-but, no attributes", "{'attr1': [null, {'anything-but': 'whatever'}]}",
                attrs(), false);
        attributes("recorded String.Array has value1", "{'store': ['value1']}",
                attrs("store", "String.Array", "['value1', 'value2']"), true);
        attributes("recorded String.Array lacks value1", "{'store': ['value1']}",
                attrs("store", "String.Array", "['value2', 'value3']"), false);
        attributes("recorded exists true on Number", exists, attrs("store", "Number", "99", "def", "Number", "99"), true);

        // Types: the JSON literals true/false/null and numbers only match their own kind.
        body("true matches true", "{'flag': [true]}", "{'flag': true}", true);
        body("true does not match 'true'", "{'flag': [true]}", "{'flag': 'true'}", false);
        body("null matches null", "{'v': [null]}", "{'v': null}", true);
        attributes("String.Array numbers are numbers", "{'n': [{'numeric': ['>=', 5]}]}",
                attrs("n", "String.Array", "[1, 7]"), true);
        attributes("custom Number label", "{'n': [5]}", attrs("n", "Number.int", "5.0"), true);
        attributes("empty policy matches everything", "{}", attrs(), true);
        body("empty body policy matches anything", "{}", "not json", true);
    }

    static List<Case> cases() {
        return CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsDocumented(Case c) {
        FilterPolicy policy = FilterPolicy.parse(c.policy(), c.scope());
        boolean actual;
        if (c.scope() == Scope.MESSAGE_BODY) {
            actual = policy.matchesBody((String) c.message());
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Attribute> attributes = (Map<String, Attribute>) c.message();
            actual = policy.matchesAttributes(attributes);
        }
        assertEquals(c.expected(), actual, c.name() + ": " + c.policy() + " vs " + c.message());
    }
}
