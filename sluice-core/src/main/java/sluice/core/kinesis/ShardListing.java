package sluice.core.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.Shard;

/**
 * Pages of a stream's shards, by index, for DescribeStream and ListShards, and ListShards'
 * ShardFilter as AWS documents it: AFTER_SHARD_ID (after a shard id), AT_TRIM_HORIZON (the shards
 * open at the trim horizon), FROM_TRIM_HORIZON (every shard still kept; the default), AT_LATEST
 * (the open shards), AT_TIMESTAMP (the shards open at the time) and FROM_TIMESTAMP (the shards
 * open at or after the time, no earlier than the trim horizon). Expired shards are never listed.
 */
final class ShardListing {

    record Page(List<Shard> shards, boolean more, int lastIndex) {
    }

    private ShardListing() {
    }

    /** The index after an exclusive start shard id (ids sort by their number; anything else starts at 0). */
    static int after(String exclusiveStartShardId) {
        long index = exclusiveStartShardId == null ? -1 : KinesisStream.parseShardIndex(exclusiveStartShardId);
        return index < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, index + 1);
    }

    static Page page(KinesisStream s, int from, int limit, Predicate<ShardDescriptor> filter) {
        List<Shard> out = new ArrayList<>();
        int last = from - 1;
        boolean more = false;
        for (ShardDescriptor d : s.shards.all()) {
            if (d.index() < from || !filter.test(d)) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(d.toShard(s.id, s.sequenceBase));
            last = d.index();
        }
        return new Page(out, more, last);
    }

    /** ListShards; {@code afterIndex} ≥ 0 continues a NextToken. */
    static KinesisResult listShards(KinesisStream s, KinesisRequest.ListShards r, int afterIndex, long now) {
        int max = r.maxResults() == null ? 1000 : r.maxResults();
        if (max < 1 || max > 10_000) {
            throw KinesisException.validation("1 validation error detected: Value '" + max
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000 and greater than or equal to 1");
        }
        int from = afterIndex >= 0 ? afterIndex + 1 : after(r.exclusiveStartShardId());
        KinesisRequest.ShardFilter f = r.shardFilter();
        Predicate<ShardDescriptor> filter = d -> true;
        if (f != null) {
            filter = filter(s, f, now);
            if ("AFTER_SHARD_ID".equals(f.type())) {
                from = Math.max(from, after(f.shardId()));
            }
        }
        Page page = page(s, from, max, filter);
        // the token carries the filter too: a NextToken alone identifies the listing, as AWS's does
        String token = !page.more() ? null : f == null ? KinesisService.encodeToken(s.name, Integer.toString(page.lastIndex()))
                : KinesisService.encodeToken(s.name, Integer.toString(page.lastIndex()), f.type(),
                        f.shardId() == null ? "" : f.shardId(), f.timestamp() == null ? "" : f.timestamp().toString());
        return new KinesisResult.ShardList(page.shards(), token);
    }

    private static Predicate<ShardDescriptor> filter(KinesisStream s, KinesisRequest.ShardFilter f, long now) {
        long trimHorizon = Math.max(s.createdAt, now - s.retentionHours * 3_600_000L);
        if (f.type() == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'shardFilter.type' failed to satisfy constraint: Member must not be null");
        }
        return switch (f.type()) {
            case "AFTER_SHARD_ID" -> {
                if (f.shardId() == null) {
                    throw KinesisException.invalidArgument("ShardId must be specified in the ShardFilter for ShardFilter type AFTER_SHARD_ID.");
                }
                yield d -> true;
            }
            case "AT_TRIM_HORIZON" -> d -> openAt(d, trimHorizon);
            case "FROM_TRIM_HORIZON" -> d -> true;
            case "AT_LATEST" -> ShardDescriptor::isOpen;
            case "AT_TIMESTAMP" -> {
                long at = Math.max(timestamp(f), s.createdAt);
                yield d -> openAt(d, at);
            }
            case "FROM_TIMESTAMP" -> {
                long from = Math.max(timestamp(f), trimHorizon);
                yield d -> d.isOpen() || d.closedAt() >= from;
            }
            default -> throw KinesisException.validation("1 validation error detected: Value '" + f.type()
                    + "' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]");
        };
    }

    private static boolean openAt(ShardDescriptor d, long time) {
        return d.openedAt() <= time && (d.isOpen() || d.closedAt() >= time);
    }

    private static long timestamp(KinesisRequest.ShardFilter f) {
        if (f.timestamp() == null) {
            throw KinesisException.invalidArgument("Timestamp must be specified in the ShardFilter for ShardFilter type " + f.type() + ".");
        }
        return f.timestamp();
    }
}
