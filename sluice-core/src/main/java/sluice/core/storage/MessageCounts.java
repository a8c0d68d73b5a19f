package sluice.core.storage;

/** Approximate counts as SQS reports them: visible, in flight (received, not deleted) and delayed. */
public record MessageCounts(long visible, long inFlight, long delayed) {
}
