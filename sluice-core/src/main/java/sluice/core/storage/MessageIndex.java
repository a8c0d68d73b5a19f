package sluice.core.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The in-memory index of one queue's messages that every embedded engine shares: which messages
 * are visible, which are invisible (delayed or in flight) and until when, how often each was
 * received, and which message group each belongs to. Engines keep payloads where they like; the
 * index holds only what decisions need.
 *
 * <p>Messages are served group by group. With {@link Ordering#STANDARD} groups take turns, one
 * message each, so a group with a large backlog cannot starve the others (fair queues); messages
 * without a group share one group and come oldest first. With {@link Ordering#FIFO} a group is
 * served strictly in order and not at all while any of its messages is in flight.
 *
 * <p>Memory: a backlog of a hundred thousand messages is one {@link Entry} each plus slots in
 * primitive arrays ({@link LongMap}, {@link LongHeap}); the heaps delete lazily, so an element
 * whose entry changed since it was pushed is stale and skipped when it surfaces.
 *
 * <p>Invariants (confined to one lane, so no locking):
 * <ul>
 *   <li>every entry is either ready (flagged, counted in its group's {@code readyCount}, and with
 *       at least one element in its group's {@code ready} heap) or invisible with a
 *       {@code visibleAt} in the future at the last promotion and a matching element in
 *       {@code timers};</li>
 *   <li>an invisible entry never received is delayed; one received is in flight and counted in its
 *       group's {@code inFlight};</li>
 *   <li>{@code rotation} holds exactly the groups that can be served now: some ready message, and
 *       for FIFO none in flight.</li>
 * </ul>
 */
public final class MessageIndex {
    private static final String NO_GROUP = "";

    /** How a queue hands out its messages. */
    public enum Ordering { STANDARD, FIFO }

    /** What the index knows of one message. */
    public static final class Entry {
        final long seq;
        final long sentAt;
        final Group group;
        long visibleAt;
        int receiveCount;
        long firstReceivedAt;
        boolean ready;

        Entry(long seq, long sentAt, Group group, long visibleAt, int receiveCount, long firstReceivedAt) {
            this.seq = seq;
            this.sentAt = sentAt;
            this.group = group;
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

        /** The message group, or null when the message has none. */
        public String groupId() {
            return group.id.equals(NO_GROUP) ? null : group.id;
        }

        boolean inFlight() {
            return !ready && receiveCount > 0;
        }
    }

    private static final class Group {
        final String id;
        /** Seqs of ready entries, oldest first; may hold stale elements (see the class comment). */
        final LongHeap ready = new LongHeap();
        int readyCount;
        int inFlight;
        int size;

        Group(String id) {
            this.id = id;
        }
    }

    private final Ordering ordering;
    private final LongMap<Entry> entries = new LongMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final LinkedHashSet<Group> rotation = new LinkedHashSet<>();
    /** (visibleAt, seq) of invisible entries; stale elements are skipped. */
    private final LongHeap timers = new LongHeap();
    private long readyCount;
    private long delayed;
    private long lastSeq;

    public MessageIndex() {
        this(Ordering.STANDARD);
    }

    public MessageIndex(Ordering ordering) {
        this.ordering = ordering;
    }

    /** Adds a message without a group (new, or recovered with its receive history). */
    public void add(long seq, long sentAt, long availableAt, int receiveCount, long firstReceivedAt, long now) {
        add(seq, sentAt, availableAt, receiveCount, firstReceivedAt, null, now);
    }

    /** Adds a message of a group (null for none). */
    public void add(long seq, long sentAt, long availableAt, int receiveCount, long firstReceivedAt, String groupId, long now) {
        Group group = groups.computeIfAbsent(groupId == null ? NO_GROUP : groupId, Group::new);
        Entry entry = new Entry(seq, sentAt, group, availableAt, receiveCount, firstReceivedAt);
        entries.put(seq, entry);
        group.size++;
        lastSeq = Math.max(lastSeq, seq);
        if (availableAt <= now) {
            enterReady(entry);
        } else {
            timers.push(availableAt, seq);
            if (receiveCount == 0) {
                delayed++;
            } else {
                group.inFlight++;
            }
        }
    }

    public Entry get(long seq) {
        return entries.get(seq);
    }

    /** Claims up to {@code max} visible entries as the ordering allows, counting the receive. */
    public List<Entry> claim(int max, long now, long invisibleUntil) {
        promote(now);
        List<Entry> claimed = new ArrayList<>(Math.min(max, 16));
        boolean visibleAgainAtOnce = invisibleUntil <= now;
        while (claimed.size() < max && !rotation.isEmpty()) {
            Group group = rotation.iterator().next();
            rotation.remove(group);
            int take = ordering == Ordering.FIFO ? max - claimed.size() : 1;
            for (int i = 0; i < take && group.readyCount > 0; i++) {
                Entry entry = pollReady(group);
                group.readyCount--;
                readyCount--;
                entry.ready = false;
                entry.receiveCount++;
                if (entry.firstReceivedAt == 0) {
                    entry.firstReceivedAt = now;
                }
                group.inFlight++;
                claimed.add(entry);
                if (!visibleAgainAtOnce) {
                    makeInvisible(entry, invisibleUntil, now);
                }
            }
            updateRotation(group);
        }
        if (visibleAgainAtOnce) {
            // only now, or this very claim could hand the same message out twice
            for (Entry entry : claimed) {
                entry.visibleAt = now;
                makeReady(entry);
            }
        }
        return claimed;
    }

    /** Removes an entry; returns it, or null when there was none. */
    public Entry remove(long seq) {
        Entry entry = entries.remove(seq);
        if (entry != null) {
            forget(entry);
        }
        return entry;
    }

    private void forget(Entry entry) {
        Group group = entry.group;
        if (entry.ready) {
            leaveReady(entry);
        } else if (entry.receiveCount == 0) {
            delayed--;
        } else {
            group.inFlight--;
        }
        group.size--;
        if (group.size == 0) {
            groups.remove(group.id);
            rotation.remove(group);
        } else {
            updateRotation(group);
        }
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
        if (!entry.inFlight()) {
            return MessageStore.VisibilityOutcome.NOT_IN_FLIGHT;
        }
        makeInvisible(entry, invisibleUntil, now);
        return MessageStore.VisibilityOutcome.CHANGED;
    }

    /**
     * Makes every message never received available at its send time plus {@code delayMillis}
     * (FIFO queues apply a changed queue delay to the messages already in them).
     */
    public void redelay(long delayMillis, long now) {
        promote(now);
        entries.forEachValue(entry -> redelay(entry, delayMillis, now));
    }

    private void redelay(Entry entry, long delayMillis, long now) {
        if (entry.receiveCount != 0) {
            return;
        }
        long availableAt = entry.sentAt + delayMillis;
        if (entry.ready) {
            if (availableAt > now) {
                leaveReady(entry);
                entry.visibleAt = availableAt;
                timers.push(availableAt, entry.seq);
                delayed++;
                updateRotation(entry.group);
            }
        } else if (availableAt <= now) {
            delayed--;
            entry.visibleAt = now;
            enterReady(entry);
        } else {
            entry.visibleAt = availableAt;
            timers.push(availableAt, entry.seq);
        }
    }

    /** Removes entries sent before {@code sentBefore}; returns their seqs. */
    public List<Long> expire(long sentBefore) {
        List<Entry> expired = new ArrayList<>();
        entries.forEachValue(entry -> {
            if (entry.sentAt < sentBefore) {
                expired.add(entry);
            }
        });
        expired.sort((a, b) -> Long.compare(a.seq, b.seq));
        List<Long> removed = new ArrayList<>(expired.size());
        for (Entry entry : expired) {
            entries.remove(entry.seq);
            forget(entry);
            removed.add(entry.seq);
        }
        return removed;
    }

    /** Removes every entry; returns their seqs, oldest first. */
    public List<Long> clear() {
        long[] keys = entries.keys();
        Arrays.sort(keys);
        List<Long> all = new ArrayList<>(keys.length);
        for (long key : keys) {
            all.add(key);
        }
        entries.clear();
        groups.clear();
        rotation.clear();
        timers.clear();
        readyCount = 0;
        delayed = 0;
        return all;
    }

    public MessageCounts counts(long now) {
        promote(now);
        long invisible = entries.size() - readyCount;
        return new MessageCounts(readyCount, invisible - delayed, delayed);
    }

    public long nextVisibleAt(long now) {
        promote(now);
        while (!timers.isEmpty() && isStaleTimer(timers.peekKey(), timers.peekValue())) {
            timers.pop();
        }
        return timers.isEmpty() ? Long.MAX_VALUE : timers.peekKey();
    }

    public long lastSeq() {
        return lastSeq;
    }

    public int size() {
        return entries.size();
    }

    /** In flight until {@code until}; at once visible again when that is not in the future. */
    private void makeInvisible(Entry entry, long until, long now) {
        if (until <= now) {
            entry.visibleAt = now;
            makeReady(entry);
            return;
        }
        entry.visibleAt = until;
        timers.push(until, entry.seq);
    }

    private void makeReady(Entry entry) {
        if (entry.inFlight()) {
            entry.group.inFlight--;
        }
        enterReady(entry);
    }

    private void enterReady(Entry entry) {
        Group group = entry.group;
        entry.ready = true;
        group.ready.push(entry.seq, 0);
        group.readyCount++;
        readyCount++;
        updateRotation(group);
    }

    /** Takes a ready entry out of its group's ready set (its heap element goes stale). */
    private void leaveReady(Entry entry) {
        Group group = entry.group;
        entry.ready = false;
        group.readyCount--;
        readyCount--;
        if (group.ready.size() > 2 * group.readyCount + 64) {
            compactReady(group);
        }
    }

    /** The oldest ready entry of a group that has one; stale heap elements are dropped on the way. */
    private Entry pollReady(Group group) {
        while (true) {
            long seq = group.ready.peekKey();
            group.ready.pop();
            Entry entry = entries.get(seq);
            if (entry != null && entry.ready && entry.group == group) {
                return entry;
            }
        }
    }

    /** Rebuilds a group's ready heap from its live elements, once stale ones outnumber them. */
    private void compactReady(Group group) {
        long[] live = new long[group.readyCount];
        int n = 0;
        long previous = -1;
        while (!group.ready.isEmpty()) {
            long seq = group.ready.peekKey();
            group.ready.pop();
            Entry entry = entries.get(seq);
            if (seq != previous && entry != null && entry.ready && entry.group == group) {
                live[n++] = seq;
                previous = seq;
            }
        }
        group.ready.clear();
        for (int i = 0; i < n; i++) {
            group.ready.push(live[i], 0);
        }
    }

    private void updateRotation(Group group) {
        boolean servable = group.readyCount > 0 && (ordering == Ordering.STANDARD || group.inFlight == 0);
        if (!servable) {
            rotation.remove(group);
        } else if (!rotation.contains(group)) {
            rotation.add(group);
        }
    }

    /** Moves every entry whose time has come into its group's ready set. */
    private void promote(long now) {
        while (!timers.isEmpty() && timers.peekKey() <= now) {
            long visibleAt = timers.peekKey();
            long seq = timers.peekValue();
            timers.pop();
            if (isStaleTimer(visibleAt, seq)) {
                continue;
            }
            Entry entry = entries.get(seq);
            if (entry.receiveCount == 0) {
                delayed--;
            }
            makeReady(entry);
        }
    }

    private boolean isStaleTimer(long visibleAt, long seq) {
        Entry entry = entries.get(seq);
        return entry == null || entry.ready || entry.visibleAt != visibleAt;
    }
}
