package sluice.api.kinesis;

import java.util.List;

/**
 * A child of a closed shard, as GetRecords (and SubscribeToShard) report it when the parent has
 * been read to its end: its id, its parents (one after a split, two after a merge) and its hash
 * key range as decimal strings.
 */
public record ChildShard(String shardId, List<String> parentShards, String startingHashKey, String endingHashKey) {
}
