package sluice.it.simulation;

/**
 * The named properties the SQS simulation checks. The first six are the SQS contract the
 * simulation exists for; the rest keep the reference model honest (an operation the model says
 * must succeed did not, a message came back with another body) or pin down Sluice-specific
 * guarantees that AWS does not make (a short-polling receive on one node sees every available
 * message).
 */
enum Invariant {
    /** Every acknowledged, undeleted message is eventually receivable. */
    NO_LOSS,
    /** No acknowledged delete (or purge) comes back. */
    NO_RESURRECTION,
    /** A message is never handed to two receives while its visibility timeout has not expired. */
    NO_DUPLICATE_DELIVERY_WHILE_IN_FLIGHT,
    /** FIFO: within a group, send order (restarting at the first undeleted), never while the group has one in flight. */
    FIFO_ORDER,
    /** FIFO: a deduplicated send is never delivered twice within the five-minute window. */
    EXACTLY_ONCE_IN_DEDUP_WINDOW,
    /** ApproximateNumberOfMessages, ...NotVisible and ...Delayed agree with the model at quiet points. */
    COUNTS,
    /**
     * With a redrive policy: a message is handed out at most maxReceiveCount times, then moved to the
     * dead-letter queue exactly once, intact, and only then.
     */
    DEAD_LETTER,
    /** A received message was sent: same id, body, attributes, group, sequence number and receive count. */
    INTEGRITY,
    /** A delayed message is not delivered before its delay has passed. */
    DELAY_RESPECTED,
    /** Sluice, fair queues: within one receive, groups take turns, one message each. */
    FAIR_TURNS,
    /** Sluice: a short poll returns min(MaxNumberOfMessages, what is available) at once. */
    RECEIVE_RETURNS_AVAILABLE,
    /** FIFO: sequence numbers increase with every accepted send, across restarts. */
    SEQUENCE_NUMBERS,
    /** FIFO: an immediate retry with the same ReceiveRequestAttemptId returns the same messages and handles. */
    RECEIVE_ATTEMPT_RETRY,
    /** An operation the model says must succeed failed, or one it says must fail succeeded. */
    EXPECTED_OUTCOME,
    /** Every request completes (no hang, no internal error). */
    LIVENESS;

    /** A broken invariant, raised by the model and turned into a replayable report by the runner. */
    static final class Violation extends RuntimeException {
        private final Invariant invariant;

        Violation(Invariant invariant, String detail) {
            this(invariant, detail, null);
        }

        Violation(Invariant invariant, String detail, Throwable cause) {
            super(invariant + ": " + detail, cause);
            this.invariant = invariant;
        }

        Invariant invariant() {
            return invariant;
        }
    }

    Violation violated(String detail) {
        return new Violation(this, detail);
    }
}
