package sluice.core.storage;

/**
 * A message to append. {@code seq} orders messages within a queue (strictly increasing per queue);
 * {@code availableAt} is when it first becomes visible (send time plus delay); {@code groupId} is
 * its message group (null for none); {@code payload} is the service's own encoding of the message,
 * opaque to the engine.
 */
public record NewMessage(long seq, long sentAt, long availableAt, String groupId, byte[] payload) {

    public NewMessage(long seq, long sentAt, long availableAt, byte[] payload) {
        this(seq, sentAt, availableAt, null, payload);
    }
}
