package sluice.api.kinesis;

import java.util.List;

/**
 * One SubscribeToShardEvent. {@code continuationSequenceNumber} is null only in the last event of a
 * closed shard read to its end, which lists the shard's children in {@code childShards} (empty
 * otherwise). {@code encryptionType} (KMS, or null when the stream is not encrypted) applies to
 * every record of the event.
 */
public record SubscribeToShardEvent(List<KinesisRecord> records, String continuationSequenceNumber, long millisBehindLatest,
                                    List<ChildShard> childShards, String encryptionType) {
}
