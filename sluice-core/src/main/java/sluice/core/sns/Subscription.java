package sluice.core.sns;

import sluice.common.Arn;
import sluice.core.sns.filter.FilterPolicy;

/**
 * A live subscription: its stored record, its compiled filter policy (null when it has none) and,
 * for an {@code sqs} subscription, its queue's ARN parsed once (null otherwise). Immutable.
 */
record Subscription(SubscriptionRecord record, FilterPolicy filter, Arn queue) {

    Subscription(SubscriptionRecord record, FilterPolicy filter) {
        this(record, filter, record.protocol().equals("sqs") ? SnsArns.sqsQueue(record.endpoint()) : null);
    }

    static Subscription of(SubscriptionRecord record) {
        return new Subscription(record, SubscriptionAttributes.filterPolicy(record.attributes(), false));
    }

    String arn() {
        return record.arn();
    }
}
