package sluice.core.storage;

/**
 * A message handed out by a claim: its receive count includes this receive, and
 * {@code firstReceivedAt} is the time of its first receive ever.
 */
public record ClaimedMessage(long seq, int receiveCount, long firstReceivedAt, byte[] payload) {
}
