package sluice.core.kinesis;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.api.kinesis.Shard;

/**
 * One shard of a stream as its metadata record keeps it: index, hash key range, parents (-1 when
 * none), when it opened and, once split or merged, when it closed and the position its store had
 * reached then ({@code endPosition}: every record of the shard has a smaller position), and where
 * encryption at rest started or stopped in it. Immutable; closing yields a new descriptor.
 */
record ShardDescriptor(int index, BigInteger startingHashKey, BigInteger endingHashKey, int parent, int adjacentParent,
                       long openedAt, long closedAt, long endPosition, List<Long> encryptionToggles) {

    ShardDescriptor {
        encryptionToggles = List.copyOf(encryptionToggles);
    }

    static ShardDescriptor open(int index, BigInteger start, BigInteger end, int parent, int adjacentParent, long now,
                                boolean encrypted) {
        return new ShardDescriptor(index, start, end, parent, adjacentParent, now, -1, -1, encrypted ? List.of(0L) : List.of());
    }

    /**
     * Whether the record at {@code position} is stored encrypted: the positions in
     * {@code encryptionToggles} (increasing) are where StartStreamEncryption and
     * StopStreamEncryption flipped the shard, starting unencrypted.
     */
    boolean encryptedAt(long position) {
        int flips = 0;
        for (long at : encryptionToggles) {
            if (at <= position) {
                flips++;
            }
        }
        return flips % 2 == 1;
    }

    /** Whether records appended now are stored encrypted. */
    boolean encrypted() {
        return encryptionToggles.size() % 2 == 1;
    }

    /** This shard flipped (encrypted ↔ not) from {@code position} on. */
    ShardDescriptor toggledAt(long position) {
        List<Long> toggles = new java.util.ArrayList<>(encryptionToggles);
        toggles.add(position);
        return new ShardDescriptor(index, startingHashKey, endingHashKey, parent, adjacentParent, openedAt, closedAt, endPosition, toggles);
    }

    boolean isOpen() {
        return closedAt < 0;
    }

    ShardDescriptor closed(long now, long nextPosition) {
        return new ShardDescriptor(index, startingHashKey, endingHashKey, parent, adjacentParent, openedAt, now, nextPosition,
                encryptionToggles);
    }

    boolean holds(BigInteger hashKey) {
        return hashKey.compareTo(startingHashKey) >= 0 && hashKey.compareTo(endingHashKey) <= 0;
    }

    /**
     * As DescribeStream and ListShards report it. A closed shard's EndingSequenceNumber is the
     * number its next record would have had: greater than every record it holds.
     */
    Shard toShard(long streamId, int sequenceBase) {
        return new Shard(KinesisStream.shardId(index), parent < 0 ? null : KinesisStream.shardId(parent),
                adjacentParent < 0 ? null : KinesisStream.shardId(adjacentParent), startingHashKey.toString(),
                endingHashKey.toString(), SequenceNumbers.of(streamId, index, 0),
                isOpen() ? null : SequenceNumbers.of(streamId, index, endPosition + sequenceBase));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("start", startingHashKey.toString());
        m.put("end", endingHashKey.toString());
        m.put("parent", parent);
        m.put("adjacentParent", adjacentParent);
        m.put("openedAt", openedAt);
        m.put("closedAt", closedAt);
        m.put("endPosition", endPosition);
        m.put("encryptionToggles", encryptionToggles);
        return m;
    }

    @SuppressWarnings("unchecked")
    static ShardDescriptor fromMap(Map<String, Object> m) {
        List<Long> toggles = new java.util.ArrayList<>();
        for (Object at : (List<Object>) m.get("encryptionToggles")) {
            toggles.add(((java.math.BigDecimal) at).longValue());
        }
        return new ShardDescriptor(num(m, "index").intValue(), new BigInteger((String) m.get("start")),
                new BigInteger((String) m.get("end")), num(m, "parent").intValue(), num(m, "adjacentParent").intValue(),
                num(m, "openedAt").longValue(), num(m, "closedAt").longValue(), num(m, "endPosition").longValue(), toggles);
    }

    private static java.math.BigDecimal num(Map<String, Object> m, String key) {
        return (java.math.BigDecimal) m.get(key);
    }
}
