package sluice.core.sns;

import sluice.core.sns.filter.FilterPolicy;

/** A live subscription: its stored record and its compiled filter policy (null when it has none). Immutable. */
record Subscription(SubscriptionRecord record, FilterPolicy filter) {

    static Subscription of(SubscriptionRecord record) {
        return new Subscription(record, SubscriptionAttributes.filterPolicy(record.attributes(), false));
    }

    String arn() {
        return record.arn();
    }
}
