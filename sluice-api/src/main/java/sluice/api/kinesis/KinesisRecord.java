package sluice.api.kinesis;

/**
 * A record as GetRecords returns it; the arrival timestamp is in epoch milliseconds.
 * {@code encryptionType} is KMS when the record was stored encrypted, else null (not reported).
 */
public record KinesisRecord(String sequenceNumber, long approximateArrivalTimestamp, byte[] data, String partitionKey,
                            String encryptionType) {

    public KinesisRecord(String sequenceNumber, long approximateArrivalTimestamp, byte[] data, String partitionKey) {
        this(sequenceNumber, approximateArrivalTimestamp, data, partitionKey, null);
    }
}
