package sluice.core.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * <p>Invariants (confined to one lane, so no locking):
 * <ul>
 *   <li>every entry is either ready (in its group's {@code ready} set) or invisible with a
 *       {@code visibleAt} in the future at the last promotion and a matching element in
 *       {@code timers} (stale timer elements are skipped lazily);</li>
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
        final TreeSet<Long> ready = new TreeSet<>();
        int inFlight;
        int size;

        Group(String id) {
            this.id = id;
        }
    }

    private record Timer(long visibleAt, long seq) {
    }

    private final Ordering ordering;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final Map<String, Group> groups = new HashMap<>();
    private final LinkedHashSet<Group> rotation = new LinkedHashSet<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> a.visibleAt != b.visibleAt ? Long.compare(a.visibleAt, b.visibleAt) : Long.compare(a.seq, b.seq));
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
            timers.add(new Timer(availableAt, seq));
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
            for (int i = 0; i < take && !group.ready.isEmpty(); i++) {
                Entry entry = entries.get(group.ready.pollFirst());
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
            group.ready.remove(entry.seq);
            readyCount--;
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
        for (Entry entry : entries.values()) {
            if (entry.receiveCount != 0) {
                continue;
            }
            long availableAt = entry.sentAt + delayMillis;
            if (entry.ready) {
                if (availableAt > now) {
                    entry.group.ready.remove(entry.seq);
                    readyCount--;
                    entry.ready = false;
                    entry.visibleAt = availableAt;
                    timers.add(new Timer(availableAt, entry.seq));
                    delayed++;
                    updateRotation(entry.group);
                }
            } else if (availableAt <= now) {
                delayed--;
                entry.visibleAt = now;
                enterReady(entry);
            } else {
                entry.visibleAt = availableAt;
                timers.add(new Timer(availableAt, entry.seq));
            }
        }
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
            forget(entry);
            removed.add(entry.seq);
        }
        return removed;
    }

    public List<Long> clear() {
        List<Long> all = new ArrayList<>(entries.keySet());
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

    /** In flight until {@code until}; at once visible again when that is not in the future. */
    private void makeInvisible(Entry entry, long until, long now) {
        if (until <= now) {
            entry.visibleAt = now;
            makeReady(entry);
            return;
        }
        entry.visibleAt = until;
        timers.add(new Timer(until, entry.seq));
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
        group.ready.add(entry.seq);
        readyCount++;
        updateRotation(group);
    }

    private void updateRotation(Group group) {
        boolean servable = !group.ready.isEmpty() && (ordering == Ordering.STANDARD || group.inFlight == 0);
        if (!servable) {
            rotation.remove(group);
        } else if (!rotation.contains(group)) {
            rotation.add(group);
        }
    }

    /** Moves every entry whose time has come into its group's ready set. */
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
