package sluice.core.kinesis;

import java.math.BigInteger;

/**
 * Kinesis sequence numbers (ARCHITECTURE §6): 56 decimal digits, {@code 49 ‖ stream id (16) ‖
 * shard index (6) ‖ position (32)}. Within a shard the stream id and index are fixed, so the numbers
 * compare as {@link BigInteger} (and as strings) exactly as positions do; the stream id makes the
 * numbers of a deleted and re-created stream of the same name differ.
 */
final class SequenceNumbers {
    static final int LENGTH = 56;

    private SequenceNumbers() {
    }

    static String of(long streamId, int shardIndex, long position) {
        return "49" + pad(streamId, 16) + pad(shardIndex, 6) + pad(position, 32);
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        if (digits.length() > width) {
            throw new IllegalArgumentException(value + " does not fit " + width + " digits");
        }
        return "0".repeat(width - digits.length()) + digits;
    }

    /** The position a sequence number of this shard stands for, or -1 when it is not one of this shard's. */
    static long position(String sequenceNumber, long streamId, int shardIndex) {
        if (sequenceNumber == null || sequenceNumber.length() != LENGTH || !sequenceNumber.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        if (!sequenceNumber.startsWith("49" + pad(streamId, 16) + pad(shardIndex, 6))) {
            return -1;
        }
        BigInteger position = new BigInteger(sequenceNumber.substring(24));
        return position.bitLength() < 63 ? position.longValueExact() : -1;
    }
}
