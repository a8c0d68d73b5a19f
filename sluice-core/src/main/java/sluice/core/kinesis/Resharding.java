package sluice.core.kinesis;

import java.math.BigInteger;
import java.util.function.ToIntFunction;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.common.Clock;
import sluice.core.storage.StorageEngine;

/**
 * SplitShard, MergeShards and UpdateShardCount: AWS's validation, in AWS's order, then the change
 * to the stream's {@link StreamShards}. A reshard takes effect at once (closed shards keep their
 * records and stay readable; new records go to the children) and the stream reports UPDATING for
 * the service's activation delay, during which a further reshard is refused as AWS refuses it.
 * Runs on the stream's lane; the caller persists the stream's metadata record.
 */
final class Resharding {
    static final int MAX_SCALINGS_PER_DAY = 10;
    static final int SUSTAINED_HOT_SECONDS = 2;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String SHARD_ID_PATTERN = "[a-zA-Z0-9_.-]+";

    private final StorageEngine engine;
    private final Clock clock;
    private final long activationDelayMillis;
    private final int shardLimit;
    /** Open shards of the stream's account and region, all streams together. */
    private final ToIntFunction<KinesisStream> accountOpenShards;

    Resharding(StorageEngine engine, Clock clock, long activationDelayMillis, int shardLimit,
               ToIntFunction<KinesisStream> accountOpenShards) {
        this.engine = engine;
        this.clock = clock;
        this.activationDelayMillis = activationDelayMillis;
        this.shardLimit = shardLimit;
        this.accountOpenShards = accountOpenShards;
    }

    KinesisResult split(KinesisStream s, KinesisRequest.SplitShard r) {
        checkShardId(r.shardToSplit(), "shardToSplit");
        String key = r.newStartingHashKey();
        if (key == null) {
            throw notNull("newStartingHashKey");
        }
        if (!key.matches("0|([1-9]\\d{0,38})")) {
            throw KinesisException.validation("1 validation error detected: Value '" + key
                    + "' at 'newStartingHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
        }
        checkProvisioned(s, "SplitShard");
        ShardDescriptor shard = find(s, r.shardToSplit());
        checkShardLimit(s, 1);
        BigInteger newStart = new BigInteger(key);
        if (newStart.compareTo(shard.startingHashKey().add(BigInteger.ONE)) <= 0 || newStart.compareTo(shard.endingHashKey()) >= 0) {
            throw KinesisException.invalidArgument("NewStartingHashKey " + key + " used in SplitShard() on shard "
                    + KinesisStream.shardId(shard.index()) + " in stream " + s.name + " under account " + s.account
                    + " is not both greater than one plus the shard's StartingHashKey " + shard.startingHashKey()
                    + " and less than the shard's EndingHashKey " + shard.endingHashKey() + ".");
        }
        checkOpen(s, shard);
        checkActive(s);
        long now = clock.millis();
        s.shards.split(shard, newStart, now, s.store(engine, shard.index()).nextPosition());
        s.resharded(now + activationDelayMillis);
        return new KinesisResult.Empty();
    }

    KinesisResult merge(KinesisStream s, KinesisRequest.MergeShards r) {
        checkShardId(r.shardToMerge(), "shardToMerge");
        checkShardId(r.adjacentShardToMerge(), "adjacentShardToMerge");
        checkProvisioned(s, "MergeShards");
        ShardDescriptor shard = find(s, r.shardToMerge());
        ShardDescriptor adjacent = find(s, r.adjacentShardToMerge());
        checkOpen(s, shard);
        checkOpen(s, adjacent);
        if (!StreamShards.adjacent(shard, adjacent)) {
            throw KinesisException.invalidArgument("Shards " + KinesisStream.shardId(shard.index()) + " and "
                    + KinesisStream.shardId(adjacent.index()) + " in stream " + s.name + " under account " + s.account
                    + " are not an adjacent pair of shards eligible for merging");
        }
        checkActive(s);
        long now = clock.millis();
        s.shards.merge(shard, adjacent, now, i -> s.store(engine, i).nextPosition());
        s.resharded(now + activationDelayMillis);
        return new KinesisResult.Empty();
    }

    KinesisResult updateShardCount(KinesisStream s, KinesisRequest.UpdateShardCount r) {
        Integer target = r.targetShardCount();
        if (target == null) {
            throw notNull("targetShardCount");
        }
        if (target < 1) {
            throw KinesisException.validation("1 validation error detected: Value '" + target
                    + "' at 'targetShardCount' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        if (r.scalingType() == null) {
            throw notNull("scalingType");
        }
        if (!r.scalingType().equals("UNIFORM_SCALING")) {
            throw KinesisException.validation("1 validation error detected: Value '" + r.scalingType()
                    + "' at 'scalingType' failed to satisfy constraint: Member must satisfy enum value set: [UNIFORM_SCALING]");
        }
        checkProvisioned(s, "UpdateShardCount");
        checkActive(s);
        int current = s.shards.openCount();
        String counts = " Current open shard count: " + current + ", Target shard count: " + target;
        if (accountOpenShards.applyAsInt(s) - current + target > shardLimit) {
            throw KinesisError.LIMIT_EXCEEDED.error("Target shard count or number of open shards cannot be greater than "
                    + shardLimit + "." + counts);
        }
        if (target > current * 2) {
            throw KinesisError.LIMIT_EXCEEDED.error("UpdateShardCount cannot scale up over double your current open shard count." + counts);
        }
        if (target * 2 < current) {
            throw KinesisError.LIMIT_EXCEEDED.error("UpdateShardCount cannot scale down below half your current open shard count." + counts);
        }
        long now = clock.millis();
        s.scalings.removeIf(t -> t <= now - DAY_MILLIS);
        if (s.scalings.size() >= MAX_SCALINGS_PER_DAY) {
            throw KinesisError.LIMIT_EXCEEDED.error("Rate exceeded for stream " + s.name + " under account " + s.account
                    + ": UpdateShardCount can scale a stream at most " + MAX_SCALINGS_PER_DAY + " times per rolling 24-hour period.");
        }
        s.scalings.add(now);
        s.shards.scaleTo(target, now, i -> s.store(engine, i).nextPosition());
        s.resharded(now + activationDelayMillis);
        return new KinesisResult.UpdateShardCount(s.name, s.arn(), current, target);
    }

    /**
     * On-demand scaling, checked after writes to an ON_DEMAND stream: when a shard has run near its
     * write limit (1 MiB or 1,000 records per second) for {@link #SUSTAINED_HOT_SECONDS} seconds in
     * a row, the hottest such shard is split in half, so its key range gets twice the capacity. One
     * split at a time: not while the stream is UPDATING. Returns whether the shards changed.
     */
    boolean scaleOnDemand(KinesisStream s) {
        long now = clock.millis();
        if (!s.mode.equals("ON_DEMAND") || !s.status(now).equals("ACTIVE")) {
            return false;
        }
        ShardDescriptor hottest = null;
        int streak = SUSTAINED_HOT_SECONDS - 1;
        for (ShardDescriptor d : s.shards.open()) {
            int hot = s.throughput.hotSeconds(d.index(), now);
            if (hot > streak) {
                hottest = d;
                streak = hot;
            }
        }
        return hottest != null && splitInHalf(s, hottest);
    }

    /** Splits an open shard at the middle of its hash key range; false at the shard limit or for a one-key shard. */
    boolean splitInHalf(KinesisStream s, ShardDescriptor shard) {
        if (accountOpenShards.applyAsInt(s) + 1 > shardLimit || !shard.isOpen()
                || shard.endingHashKey().subtract(shard.startingHashKey()).compareTo(BigInteger.TWO) < 0) {
            return false;
        }
        BigInteger middle = shard.startingHashKey().add(shard.endingHashKey()).add(BigInteger.ONE).shiftRight(1);
        long now = clock.millis();
        s.shards.split(shard, middle, now, s.store(engine, shard.index()).nextPosition());
        s.resharded(now + activationDelayMillis);
        return true;
    }

    /** SplitShard, MergeShards and UpdateShardCount serve provisioned streams only; on-demand streams scale themselves. */
    private static void checkProvisioned(KinesisStream s, String operation) {
        if (s.mode.equals("ON_DEMAND")) {
            throw KinesisException.validation(operation + " is not supported for stream " + s.name + " under account "
                    + s.account + " because it is in ON_DEMAND capacity mode.");
        }
    }

    private static KinesisException notNull(String member) {
        return KinesisException.validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    private static void checkShardId(String shardId, String member) {
        if (shardId == null) {
            throw notNull(member);
        }
        if (shardId.isEmpty() || shardId.length() > 128 || !shardId.matches(SHARD_ID_PATTERN)) {
            throw KinesisException.validation("1 validation error detected: Value '" + shardId + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + SHARD_ID_PATTERN);
        }
    }

    private static ShardDescriptor find(KinesisStream s, String shardId) {
        int index = s.shardIndex(shardId);
        if (index < 0) {
            throw KinesisError.RESOURCE_NOT_FOUND.error("Could not find shard " + shardId + " in stream " + s.name
                    + " under account " + s.account + ".");
        }
        return s.shards.get(index);
    }

    private static void checkOpen(KinesisStream s, ShardDescriptor shard) {
        if (!shard.isOpen()) {
            throw KinesisException.invalidArgument("Shard " + KinesisStream.shardId(shard.index()) + " in stream " + s.name
                    + " under account " + s.account + " has already been merged or split, and thus is not eligible for merging or splitting.");
        }
    }

    private void checkActive(KinesisStream s) {
        s.requireActive(clock.millis());
    }

    private void checkShardLimit(KinesisStream s, int added) {
        int open = accountOpenShards.applyAsInt(s);
        if (open + added > shardLimit) {
            throw KinesisError.LIMIT_EXCEEDED.error("This request would exceed the shard limit for the account " + s.account
                    + " in " + s.region + ". Current shard count for the account: " + open + ". Limit: " + shardLimit
                    + ". Number of additional shards that would have resulted from this request: " + added + ".");
        }
    }
}
