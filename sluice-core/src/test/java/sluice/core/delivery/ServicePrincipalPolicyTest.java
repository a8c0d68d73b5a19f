package sluice.core.delivery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sluice.common.Arn;

/** Queue policies as commonly written for SNS fan-out, evaluated for a delivery by a topic. */
class ServicePrincipalPolicyTest {
    private static final Arn QUEUE = Arn.parse("arn:aws:sqs:us-east-1:111111111111:orders");
    private static final DeliverySource TOPIC = new DeliverySource(DeliverySource.SNS,
            Arn.parse("arn:aws:sns:us-east-1:222222222222:events"));

    private static String statement(String effect, String principal, String action, String resource, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action
                + ",\"Resource\":" + resource + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static boolean allows(String policy) {
        return ServicePrincipalPolicy.allows(policy, "sqs:SendMessage", QUEUE, TOPIC);
    }

    @Test
    void noPolicyAllowsNothing() {
        assertFalse(allows(null));
        assertFalse(allows(""));
        assertFalse(allows(policy()));
    }

    @Test
    void theServicePrincipalWithArnEqualsForTheTopicAllows() {
        String queue = "\"" + QUEUE + "\"";
        assertTrue(allows(policy(statement("Allow", "{\"Service\":\"sns.amazonaws.com\"}", "\"sqs:SendMessage\"", queue,
                "{\"ArnEquals\":{\"aws:SourceArn\":\"" + TOPIC.sourceArn() + "\"}}"))));
        assertFalse(allows(policy(statement("Allow", "{\"Service\":\"sns.amazonaws.com\"}", "\"sqs:SendMessage\"", queue,
                "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:222222222222:other\"}}"))), "another topic");
        assertFalse(allows(policy(statement("Allow", "{\"Service\":\"lambda.amazonaws.com\"}", "\"sqs:SendMessage\"", queue,
                null))), "another service");
    }

    @Test
    void wildcardsInPrincipalActionResourceAndArnLike() {
        assertTrue(allows(policy(statement("Allow", "\"*\"", "\"SQS:*\"", "\"arn:aws:sqs:*:111111111111:*\"",
                "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:222222222222:ev*\"}}"))));
        assertTrue(allows(policy(statement("Allow", "{\"AWS\":\"*\"}", "[\"sqs:ReceiveMessage\",\"sqs:SendMessage\"]",
                "\"*\"", "{\"StringEquals\":{\"aws:SourceAccount\":\"222222222222\"}}"))));
        assertFalse(allows(policy(statement("Allow", "{\"AWS\":\"arn:aws:iam::222222222222:root\"}", "\"sqs:SendMessage\"",
                "\"*\"", null))), "an account principal is not the service");
        assertFalse(allows(policy(statement("Allow", "\"*\"", "\"sqs:ReceiveMessage\"", "\"*\"", null))), "another action");
        assertFalse(allows(policy(statement("Allow", "\"*\"", "\"sqs:SendMessage\"", "\"arn:aws:sqs:us-east-1:111111111111:other\"",
                null))), "another queue");
    }

    @Test
    void anExplicitDenyWinsAndUnknownConditionsNeverGrant() {
        String allow = statement("Allow", "\"*\"", "\"sqs:SendMessage\"", "\"*\"", null);
        assertFalse(allows(policy(allow, statement("Deny", "\"*\"", "\"sqs:*\"", "\"*\"",
                "{\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:222222222222:trusted\"}}"))));
        assertTrue(allows(policy(allow, statement("Deny", "\"*\"", "\"sqs:*\"", "\"*\"",
                "{\"ArnNotEquals\":{\"aws:SourceArn\":\"" + TOPIC.sourceArn() + "\"}}"))));
        assertFalse(allows(policy(statement("Allow", "\"*\"", "\"sqs:SendMessage\"", "\"*\"",
                "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}"))));
        assertTrue(allows(policy(statement("Allow", "\"*\"", "\"sqs:SendMessage\"", "\"*\"",
                "{\"StringEqualsIfExists\":{\"aws:SourceVpce\":\"vpce-1\"}}"))));
    }
}
