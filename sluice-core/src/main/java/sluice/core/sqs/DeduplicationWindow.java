package sluice.core.sqs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sluice.core.storage.MessageStore;

/**
 * The five-minute deduplication window of a FIFO queue: which deduplication keys were accepted,
 * with the message id and sequence number each produced. Kept as records of the queue's message
 * store, so the window survives restarts; a key is remembered before the message it admits is
 * appended, so the two become durable together (one committer, in order). Lane-confined.
 *
 * <p>Invariant: {@code expiries} lists every live key in expiry order (the window is constant, so
 * insertion order is expiry order), and a key's record exists exactly while it is in {@code live}.
 */
final class DeduplicationWindow {
    static final long WINDOW_MILLIS = 5 * 60_000L;
    private static final String PREFIX = "dedup/";

    private record Remembered(Outgoing.Sent sent, long expiresAt) {
    }

    private record Expiry(String key, long expiresAt) {
    }

    private final MessageStore store;
    private final Map<String, Remembered> live = new HashMap<>();
    private final ArrayDeque<Expiry> expiries = new ArrayDeque<>();

    DeduplicationWindow(MessageStore store) {
        this.store = store;
        List<Expiry> recovered = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : store.records().entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                String key = e.getKey().substring(PREFIX.length());
                Remembered r = decode(e.getValue());
                live.put(key, r);
                recovered.add(new Expiry(key, r.expiresAt()));
            }
        }
        recovered.sort((a, b) -> Long.compare(a.expiresAt(), b.expiresAt()));
        expiries.addAll(recovered);
    }

    /** The send a key was accepted for within the window, or null. */
    Outgoing.Sent find(String key, long now) {
        Remembered r = live.get(key);
        return r != null && r.expiresAt() > now ? r.sent() : null;
    }

    CompletableFuture<Void> remember(String key, Outgoing.Sent sent, long now) {
        Remembered r = new Remembered(sent, now + WINDOW_MILLIS);
        live.put(key, r);
        expiries.addLast(new Expiry(key, r.expiresAt()));
        return store.putRecord(PREFIX + key, encode(r));
    }

    /** Forgets keys whose window has passed. */
    void expire(long now) {
        Expiry head;
        while ((head = expiries.peekFirst()) != null && head.expiresAt() <= now) {
            expiries.pollFirst();
            Remembered r = live.get(head.key());
            if (r != null && r.expiresAt() == head.expiresAt()) {
                live.remove(head.key());
                store.deleteRecord(PREFIX + head.key());
            }
        }
    }

    private static byte[] encode(Remembered r) {
        String seq = r.sent().sequenceNumber() == null ? "" : r.sent().sequenceNumber();
        return (r.expiresAt() + "\n" + r.sent().messageId() + "\n" + seq).getBytes(StandardCharsets.UTF_8);
    }

    private static Remembered decode(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        return new Remembered(new Outgoing.Sent(parts[1], parts[2].isEmpty() ? null : parts[2]), Long.parseLong(parts[0]));
    }
}
