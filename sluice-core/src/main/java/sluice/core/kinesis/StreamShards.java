package sluice.core.kinesis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;

/**
 * The shards of one stream, open and closed, as resharding leaves them (the Kinesis resharding
 * model: a split closes a shard and opens two children, a merge closes two adjacent shards and
 * opens one child; closed shards stay readable until retention passes their closing time).
 *
 * <p>What must always hold: the open shards' hash key ranges tile [0, 2^128 − 1] without gap or
 * overlap, so every hash key routes to exactly one open shard; a shard's index is never reused
 * (new shards take {@code nextIndex}, which only grows), so children always have higher indices,
 * hence higher sequence numbers, than their parents. Confined to the stream's lane.
 */
final class StreamShards {
    private final TreeMap<Integer, ShardDescriptor> byIndex = new TreeMap<>();
    private final TreeMap<BigInteger, ShardDescriptor> openByStart = new TreeMap<>();
    private int nextIndex;

    StreamShards(Collection<ShardDescriptor> shards, int nextIndex) {
        for (ShardDescriptor s : shards) {
            put(s);
        }
        this.nextIndex = Math.max(nextIndex, byIndex.isEmpty() ? 0 : byIndex.lastKey() + 1);
    }

    /** {@code count} open shards splitting the hash key space evenly, as CreateStream makes them. */
    static StreamShards uniform(int count, long now) {
        List<ShardDescriptor> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shards.add(ShardDescriptor.open(i, HashKeys.start(i, count), HashKeys.end(i, count), -1, -1, now, false));
        }
        return new StreamShards(shards, count);
    }

    private void put(ShardDescriptor s) {
        ShardDescriptor before = byIndex.put(s.index(), s);
        if (before != null && before.isOpen()) {
            openByStart.remove(before.startingHashKey());
        }
        if (s.isOpen()) {
            openByStart.put(s.startingHashKey(), s);
        }
    }

    /** The shard of this index, open or closed, or null when there is none (never was, or expired). */
    ShardDescriptor get(int index) {
        return byIndex.get(index);
    }

    /** Every shard still kept, by index. */
    Collection<ShardDescriptor> all() {
        return byIndex.values();
    }

    /** The open shards, by starting hash key. */
    Collection<ShardDescriptor> open() {
        return openByStart.values();
    }

    /** The open shard after the one starting at {@code start} in hash-key order, wrapping round; the first for null. */
    ShardDescriptor nextOpen(BigInteger start) {
        var next = start == null ? null : openByStart.higherEntry(start);
        return (next != null ? next : openByStart.firstEntry()).getValue();
    }

    int openCount() {
        return openByStart.size();
    }

    int nextIndex() {
        return nextIndex;
    }

    /** The open shard whose range holds {@code hashKey}. */
    ShardDescriptor route(BigInteger hashKey) {
        return openByStart.floorEntry(hashKey).getValue();
    }

    /** The shards opened by closing this one (two after a split, one after a merge); empty while it is open. */
    List<ShardDescriptor> children(int index) {
        List<ShardDescriptor> out = new ArrayList<>(2);
        for (ShardDescriptor s : byIndex.tailMap(index, false).values()) {
            if (s.parent() == index || s.adjacentParent() == index) {
                out.add(s);
            }
        }
        return out;
    }

    /** Closes {@code parent} and opens its two children, split at {@code newStart}; returns the children. */
    List<ShardDescriptor> split(ShardDescriptor parent, BigInteger newStart, long now, long parentEnd) {
        put(parent.closed(now, parentEnd));
        ShardDescriptor low = ShardDescriptor.open(nextIndex++, parent.startingHashKey(), newStart.subtract(BigInteger.ONE),
                parent.index(), -1, now, parent.encrypted());
        ShardDescriptor high = ShardDescriptor.open(nextIndex++, newStart, parent.endingHashKey(), parent.index(), -1, now,
                parent.encrypted());
        put(low);
        put(high);
        return List.of(low, high);
    }

    /** Whether two shards' hash key ranges touch, so that they may be merged. */
    static boolean adjacent(ShardDescriptor a, ShardDescriptor b) {
        return a.endingHashKey().add(BigInteger.ONE).equals(b.startingHashKey())
                || b.endingHashKey().add(BigInteger.ONE).equals(a.startingHashKey());
    }

    /** Closes two adjacent shards and opens the child covering both ranges; returns the child. */
    ShardDescriptor merge(ShardDescriptor shard, ShardDescriptor adjacent, long now, IntToLongFunction nextPosition) {
        put(shard.closed(now, nextPosition.applyAsLong(shard.index())));
        put(adjacent.closed(now, nextPosition.applyAsLong(adjacent.index())));
        ShardDescriptor child = ShardDescriptor.open(nextIndex++, shard.startingHashKey().min(adjacent.startingHashKey()),
                shard.endingHashKey().max(adjacent.endingHashKey()), shard.index(), adjacent.index(), now, shard.encrypted());
        put(child);
        return child;
    }

    /**
     * Reshapes the open shards into {@code target} even ranges with splits and merges only: first
     * every missing boundary is split in, then the shards inside each target range are merged
     * pairwise. Doubling takes one split per shard and halving one merge per pair, as AWS does.
     */
    void scaleTo(int target, long now, IntToLongFunction nextPosition) {
        for (int j = 1; j < target; j++) {
            BigInteger boundary = HashKeys.start(j, target);
            ShardDescriptor holder = route(boundary);
            if (!holder.startingHashKey().equals(boundary)) {
                split(holder, boundary, now, nextPosition.applyAsLong(holder.index()));
            }
        }
        for (int j = 0; j < target; j++) {
            Map<BigInteger, ShardDescriptor> inRange = openByStart.subMap(HashKeys.start(j, target), true,
                    HashKeys.end(j, target), true);
            while (inRange.size() > 1) {
                List<ShardDescriptor> pair = new ArrayList<>(inRange.values()).subList(0, 2);
                merge(pair.get(0), pair.get(1), now, nextPosition);
            }
        }
    }

    /** Makes every open shard store what is appended from now on encrypted, or not. */
    void encryptFromNow(boolean encrypted, IntToLongFunction nextPosition) {
        for (ShardDescriptor s : new ArrayList<>(openByStart.values())) {
            if (s.encrypted() != encrypted) {
                put(s.toggledAt(nextPosition.applyAsLong(s.index())));
            }
        }
    }

    /** Drops the closed shards that closed before {@code closedBefore}; returns them. */
    List<ShardDescriptor> expire(long closedBefore) {
        List<ShardDescriptor> gone = new ArrayList<>();
        for (ShardDescriptor s : byIndex.values()) {
            if (!s.isOpen() && s.closedAt() < closedBefore) {
                gone.add(s);
            }
        }
        gone.forEach(s -> byIndex.remove(s.index()));
        return gone;
    }
}
