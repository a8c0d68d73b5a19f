package sluice.core.sns;

/**
 * A subscription deleted lately, as GetTopicAttributes counts it in {@code SubscriptionsDeleted}:
 * by Unsubscribe, or because it stayed pending confirmation for {@link #PENDING_LIFETIME_MILLIS}
 * (AWS deletes unconfirmed subscriptions after 48 hours: "Amazon SNS now supports automatic
 * deletion of unconfirmed subscriptions once they have been in a pending confirmation state for
 * 48 hours", AWS What's New, 2023-05-10). AWS documents the attribute only as "the number of
 * deleted subscriptions for the topic" and no period for it; Sluice counts a deletion for
 * {@link #COUNTED_MILLIS} (the same 48 hours) and then forgets it. Stored as
 * {@code t/{topic id}/x/{subscription uuid}} so the count survives restarts and goes with its topic.
 */
record SubscriptionDeletion(String uuid, long deletedAt) {
    static final long PENDING_LIFETIME_MILLIS = 48L * 3600 * 1000;
    static final long COUNTED_MILLIS = 48L * 3600 * 1000;
}
