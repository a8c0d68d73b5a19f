package sluice.core.sqs;

/**
 * A validated message on its way into a queue: the message, its delay, and for FIFO queues the key
 * under which it is deduplicated (null for standard queues).
 */
record Outgoing(StoredMessage message, int delaySeconds, String deduplicationKey) {

    /** What a send reports for one message: its id and, on FIFO queues, its sequence number. */
    record Sent(String messageId, String sequenceNumber) {
    }
}
