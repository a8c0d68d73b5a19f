package sluice.core.sns;

import java.util.regex.Pattern;
import sluice.api.sns.SnsException;
import sluice.common.Arn;

/** Parsing and checking the ARNs SNS requests name (topics, subscriptions, SQS endpoints). Stateless. */
final class SnsArns {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private SnsArns() {
    }

    /**
     * A topic ARN in the caller's region; anything else is {@code Invalid parameter: <member>}, as
     * AWS answers (a topic in another region cannot be addressed from this one).
     */
    static Arn topic(String text, String member, String region) {
        Arn arn = Arn.parse(text);
        if (arn == null || !arn.service().equals("sns") || !ACCOUNT.matcher(arn.account()).matches()
                || arn.resource().isEmpty() || arn.resource().contains(":") || !arn.region().equals(region)) {
            throw SnsException.invalidParameter(member);
        }
        return arn;
    }

    /** The topic ARN part of a subscription ARN ({@code topicArn:uuid}). */
    static String topicOfSubscription(String subscriptionArn) {
        int colon = subscriptionArn.lastIndexOf(':');
        return colon < 0 ? "" : subscriptionArn.substring(0, colon);
    }

    /** Unsubscribe's and the attribute calls' checks of a subscription ARN's shape. */
    static void checkSubscription(String text) {
        int parts = text.split(":", -1).length;
        if (!text.startsWith("arn:") || parts < 6) {
            throw SnsException.invalidParameter("SubscriptionArn Reason: An ARN must have at least 6 elements, not " + parts);
        }
        if (parts != 7) {
            throw SnsException.invalidParameter("SubscriptionId");
        }
    }

    /** An SQS queue ARN, or null when the text is not one. */
    static Arn sqsQueue(String text) {
        Arn arn = Arn.parse(text);
        if (arn == null || !arn.service().equals("sqs") || arn.resource().isEmpty() || arn.resource().contains(":")
                || arn.region().isEmpty() || arn.account().isEmpty()) {
            return null;
        }
        return arn;
    }
}
