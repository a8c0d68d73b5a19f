package sluice.core.kinesis;

import java.util.List;
import sluice.api.kinesis.ChildShard;

/**
 * The one place SubscribeToShard learns about resharding: whether a subscriber has read a closed
 * shard to its end, and the children it then reports in its last event (whose
 * ContinuationSequenceNumber is null, so consumers move on to the children). Lane only.
 */
final class ClosedShardEnd {

    private ClosedShardEnd() {
    }

    static boolean reached(KinesisStream stream, int shard, long position) {
        ShardDescriptor d = stream.shards.get(shard);
        return d != null && !d.isOpen() && position >= d.endPosition();
    }

    static List<ChildShard> children(KinesisStream stream, int shard) {
        return stream.childShards(shard);
    }
}
