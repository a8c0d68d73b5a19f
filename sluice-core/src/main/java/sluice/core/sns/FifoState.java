package sluice.core.sns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FIFO state of a topic: the five-minute deduplication window (a deduplication key accepted
 * within it admits no second message, and the duplicate is answered with the first one's message id
 * and sequence number) and the topic's sequence numbers (20 digits, strictly increasing, and
 * increasing across restarts too because they start from the clock: millis × 10^6).
 *
 * <p>Lane-confined. The caller keeps the window durable ({@link SnsRecords#dedupKey}): it writes a
 * record for each key it remembers, deletes the records {@link #expire} returns, and restores the
 * live ones at start. Invariant: {@code expiries} lists every live key in expiry order (the window
 * is constant, so remembering order is expiry order; restored keys are sorted first).
 */
final class FifoState {
    static final long WINDOW_MILLIS = 5 * 60_000L;

    record Accepted(String messageId, String sequenceNumber) {
    }

    private record Expiry(String key, long at) {
    }

    private final Map<String, Accepted> live = new HashMap<>();
    private final ArrayDeque<Expiry> expiries = new ArrayDeque<>();
    private long lastSequence;

    /** The message a key was accepted for within the window, or null; call {@link #expire} first. */
    Accepted duplicateOf(String key) {
        return live.get(key);
    }

    /** Remembers a key until {@code now} plus the window; returns when it expires. */
    long remember(String key, Accepted accepted, long now) {
        live.put(key, accepted);
        expiries.add(new Expiry(key, now + WINDOW_MILLIS));
        return now + WINDOW_MILLIS;
    }

    /** Restores the recovered keys (any order) that have not expired at {@code now}. */
    void restore(Map<String, Accepted> keys, Map<String, Long> expiresAt, long now) {
        List<Expiry> restored = new ArrayList<>();
        keys.forEach((key, accepted) -> {
            long at = expiresAt.get(key);
            if (at > now) {
                live.put(key, accepted);
                restored.add(new Expiry(key, at));
            }
            lastSequence = Math.max(lastSequence, Long.parseLong(accepted.sequenceNumber()));
        });
        restored.sort((a, b) -> Long.compare(a.at(), b.at()));
        expiries.addAll(restored);
    }

    String nextSequenceNumber(long now) {
        lastSequence = Math.max(lastSequence + 1, now * 1_000_000L);
        return String.format("%020d", lastSequence);
    }

    /** Forgets the keys whose window has passed; returns them. */
    List<String> expire(long now) {
        List<String> expired = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.peekFirst().at() <= now) {
            Expiry e = expiries.pollFirst();
            live.remove(e.key());
            expired.add(e.key());
        }
        return expired;
    }
}
