package sluice.core.sns;

/**
 * Where SNS hands SMS and mobile push notifications: the pluggable seam for a real SMS gateway or
 * push service. Called once per message, after the publish is durable, from a lane: an
 * implementation must not block (hand the message to its own executor if it does I/O). The default
 * is the {@link SnsOutbox}, which keeps what would have been sent for users to read.
 */
@FunctionalInterface
public interface MobileSender {
    void send(MobileMessage message);
}
