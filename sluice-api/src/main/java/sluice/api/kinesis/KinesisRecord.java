package sluice.api.kinesis;

/** A record as GetRecords returns it; the arrival timestamp is in epoch milliseconds. */
public record KinesisRecord(String sequenceNumber, long approximateArrivalTimestamp, byte[] data, String partitionKey) {
}
