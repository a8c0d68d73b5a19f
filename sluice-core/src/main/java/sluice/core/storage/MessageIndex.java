package sluice.core.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory index of one queue's messages that every embedded engine shares: which messages
 * are visible, which are invisible (delayed or in flight) and until when, and how often each was
 * received. Engines keep payloads where they like; the index holds only what decisions need.
 *
 * <p>Invariants (confined to one lane, so no locking):
 * <ul>
 *   <li>every entry is either in {@code ready} (visible, ordered by seq) or invisible with a
 *       {@code visibleAt} in the future at the last promotion; an invisible entry has a matching
 *       element in {@code timers} (stale timer elements are skipped lazily);</li>
 *   <li>{@code delayed} counts invisible entries never received.</li>
 * </ul>
 */
public final class MessageIndex {

    /** What the index knows of one message. */
    public static final class Entry {
        final long seq;
        final long sentAt;
        long visibleAt;
        int receiveCount;
        long firstReceivedAt;
        boolean ready;

        Entry(long seq, long sentAt, long visibleAt, int receiveCount, long firstReceivedAt) {
            this.seq = seq;
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
            this.receiveCount = receiveCount;
            this.firstReceivedAt = firstReceivedAt;
        }

        public long seq() {
            return seq;
        }

        public long sentAt() {
            return sentAt;
        }

        public int receiveCount() {
            return receiveCount;
        }

        public long firstReceivedAt() {
            return firstReceivedAt;
        }
    }

    private record Timer(long visibleAt, long seq) {
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final TreeSet<Long> ready = new TreeSet<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> a.visibleAt != b.visibleAt ? Long.compare(a.visibleAt, b.visibleAt) : Long.compare(a.seq, b.seq));
    private long delayed;
    private long lastSeq;

    /** Adds a message (new, or recovered with its receive history). */
    public void add(long seq, long sentAt, long availableAt, int receiveCount, long firstReceivedAt, long now) {
        Entry entry = new Entry(seq, sentAt, availableAt, receiveCount, firstReceivedAt);
        entries.put(seq, entry);
        lastSeq = Math.max(lastSeq, seq);
        if (availableAt <= now) {
            makeReady(entry);
        } else {
            timers.add(new Timer(availableAt, seq));
            if (receiveCount == 0) {
                delayed++;
            }
        }
    }

    public Entry get(long seq) {
        return entries.get(seq);
    }

    /** Claims up to {@code max} visible entries, oldest first, counting the receive. */
    public List<Entry> claim(int max, long now, long invisibleUntil) {
        promote(now);
        List<Entry> claimed = new ArrayList<>(Math.min(max, ready.size()));
        while (claimed.size() < max && !ready.isEmpty()) {
            Entry entry = entries.get(ready.pollFirst());
            entry.ready = false;
            entry.receiveCount++;
            if (entry.firstReceivedAt == 0) {
                entry.firstReceivedAt = now;
            }
            makeInvisible(entry, invisibleUntil, now);
            claimed.add(entry);
        }
        return claimed;
    }

    /** Removes an entry; returns it, or null when there was none. */
    public Entry remove(long seq) {
        Entry entry = entries.remove(seq);
        if (entry != null) {
            if (entry.ready) {
                ready.remove(seq);
            } else if (entry.receiveCount == 0) {
                delayed--;
            }
        }
        return entry;
    }

    /** Sets when an in-flight entry becomes visible again; the caller has checked the receive count. */
    public MessageStore.VisibilityOutcome changeVisibility(long seq, int receiveCount, long now, long invisibleUntil) {
        promote(now);
        Entry entry = entries.get(seq);
        if (entry == null) {
            return MessageStore.VisibilityOutcome.NO_SUCH_MESSAGE;
        }
        if (entry.receiveCount != receiveCount) {
            return MessageStore.VisibilityOutcome.STALE_RECEIPT;
        }
        if (entry.ready || entry.receiveCount == 0) {
            return MessageStore.VisibilityOutcome.NOT_IN_FLIGHT;
        }
        makeInvisible(entry, invisibleUntil, now);
        return MessageStore.VisibilityOutcome.CHANGED;
    }

    /** Removes entries sent before {@code sentBefore}; returns their seqs. */
    public List<Long> expire(long sentBefore) {
        List<Long> removed = new ArrayList<>();
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry entry = it.next().getValue();
            if (entry.sentAt >= sentBefore) {
                continue;
            }
            it.remove();
            if (entry.ready) {
                ready.remove(entry.seq);
            } else if (entry.receiveCount == 0) {
                delayed--;
            }
            removed.add(entry.seq);
        }
        return removed;
    }

    public List<Long> clear() {
        List<Long> all = new ArrayList<>(entries.keySet());
        entries.clear();
        ready.clear();
        timers.clear();
        delayed = 0;
        return all;
    }

    public MessageCounts counts(long now) {
        promote(now);
        long invisible = entries.size() - ready.size();
        return new MessageCounts(ready.size(), invisible - delayed, delayed);
    }

    public long nextVisibleAt(long now) {
        promote(now);
        Timer head;
        while ((head = timers.peek()) != null && isStale(head)) {
            timers.poll();
        }
        return head == null ? Long.MAX_VALUE : head.visibleAt;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public int size() {
        return entries.size();
    }

    private void makeInvisible(Entry entry, long until, long now) {
        if (until <= now) {
            makeReady(entry);
            entry.visibleAt = now;
            return;
        }
        entry.visibleAt = until;
        timers.add(new Timer(until, entry.seq));
    }

    private void makeReady(Entry entry) {
        entry.ready = true;
        ready.add(entry.seq);
    }

    /** Moves every entry whose time has come into {@code ready}. */
    private void promote(long now) {
        Timer head;
        while ((head = timers.peek()) != null && head.visibleAt <= now) {
            timers.poll();
            if (isStale(head)) {
                continue;
            }
            Entry entry = entries.get(head.seq);
            if (entry.receiveCount == 0) {
                delayed--;
            }
            makeReady(entry);
        }
    }

    private boolean isStale(Timer timer) {
        Entry entry = entries.get(timer.seq);
        return entry == null || entry.ready || entry.visibleAt != timer.visibleAt;
    }
}
