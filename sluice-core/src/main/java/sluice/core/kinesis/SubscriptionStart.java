package sluice.core.kinesis;

import java.util.Map;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.core.storage.ShardStore;

/**
 * What a SubscribeToShard must name before its stream starts, checked in AWS's order and with its
 * errors: an ACTIVE consumer of the stream, an existing shard, and a starting position, resolved
 * like a shard iterator's (TRIM_HORIZON, LATEST, AT_/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP). Lane only.
 */
final class SubscriptionStart {

    private SubscriptionStart() {
    }

    /** The name of the consumer the ARN names, which must be ACTIVE. */
    static String consumer(KinesisStream s, String arn, long now, long activationDelayMillis) {
        for (Map.Entry<String, Long> c : s.consumers.entrySet()) {
            if (s.consumerArn(c.getKey()).equals(arn)) {
                if (now < c.getValue() + activationDelayMillis) {
                    throw KinesisError.RESOURCE_IN_USE.error("Consumer " + c.getKey() + " with creation timestamp " + c.getValue() / 1000
                            + " under stream: " + s.name + " , account " + s.account + " is not in ACTIVE status.");
                }
                return c.getKey();
            }
        }
        throw KinesisError.RESOURCE_NOT_FOUND.error("Consumer " + arn + ", account " + s.account + " not found.");
    }

    static int shard(KinesisStream s, String shardId, long now) {
        if (shardId == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'shardId' failed to satisfy constraint: Member must not be null");
        }
        if ("CREATING".equals(s.status(now))) {
            throw KinesisError.RESOURCE_IN_USE.error("Stream " + s.name + " under account " + s.account
                    + " is currently being created. Wait for it to be ACTIVE.");
        }
        int index = s.shardIndex(shardId);
        if (index < 0) {
            throw KinesisError.RESOURCE_NOT_FOUND.error("Shard " + shardId + " in stream " + s.name + " under account " + s.account
                    + " does not exist");
        }
        return index;
    }

    /**
     * @param afterStartMeansStart on a stream whose first record shares the shard's StartingSequenceNumber
     *        (created before records counted from 1): AFTER_SEQUENCE_NUMBER of it starts at that record
     *        (the consumer was last given it before the record existed)
     */
    static long position(KinesisStream s, int shard, ShardStore store, SubscribeToShardRequest.StartingPosition start, long now,
                         boolean afterStartMeansStart) {
        if (start == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null");
        }
        if (start.type() == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'startingPosition.type' failed to satisfy constraint: Member must not be null");
        }
        return switch (start.type()) {
            case "TRIM_HORIZON" -> store.firstPosition();
            case "LATEST" -> store.nextPosition();
            case "AT_SEQUENCE_NUMBER" -> Math.max(0, sequencePosition(s, shard, start.sequenceNumber()));
            case "AFTER_SEQUENCE_NUMBER" -> {
                long at = sequencePosition(s, shard, start.sequenceNumber());
                yield at == 0 && afterStartMeansStart && s.sequenceBase == 0 ? 0 : at + 1;
            }
            case "AT_TIMESTAMP" -> {
                if (start.timestamp() == null) {
                    throw KinesisException.invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                            + "Current request has no timestamp parameter.");
                }
                if (start.timestamp() > now) {
                    throw KinesisException.invalidArgument("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
                            + "timestampInMillis: " + start.timestamp() + ", currentTimestampInMillis: " + now);
                }
                yield store.positionAt(start.timestamp());
            }
            default -> throw KinesisException.validation("1 validation error detected: Value '" + start.type()
                    + "' at 'startingPosition.type' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, AT_TIMESTAMP, TRIM_HORIZON, LATEST]");
        };
    }

    private static long sequencePosition(KinesisStream s, int shard, String sequenceNumber) {
        if (sequenceNumber == null) {
            throw KinesisException.invalidArgument("StartingSequenceNumber must be specified for StartingPosition types "
                    + "AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER.");
        }
        long position = s.positionOf(shard, sequenceNumber);
        if (position == KinesisStream.NOT_THIS_SHARDS) {
            throw KinesisException.invalidArgument("StartingSequenceNumber " + sequenceNumber + " used in SubscribeToShard on shard "
                    + KinesisStream.shardId(shard) + " in stream " + s.name + " under account " + s.account + " is invalid.");
        }
        return position;
    }
}
