package sluice.core.kinesis;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-shard throughput of one stream, measured on the injected clock, against AWS's shard
 * limits: in, 1 MiB or 1,000 records per second; out, 2 MiB per second and 5 GetRecords calls per
 * second. Writes and calls are counted in whole-second windows; bytes read are a debt that drains
 * at 2 MiB per second, so a call is refused while more than a second's worth is outstanding (after
 * a 10 MiB read, for five seconds, as AWS describes). Counting always happens (on-demand scaling
 * reads the write rates); refusing only when the caller enforces the limits. Not persisted;
 * confined to the stream's lane.
 */
final class ShardThroughput {
    static final long WRITE_BYTES_PER_SECOND = 1L << 20;
    static final int WRITE_RECORDS_PER_SECOND = 1000;
    static final long READ_BYTES_PER_SECOND = 2L << 20;
    static final int READ_CALLS_PER_SECOND = 5;
    /** A second in which a shard took this share of its write limit (bytes or records) counts as hot. */
    static final double HOT_SHARE = 0.8;

    private static final class Meter {
        long writeSecond = Long.MIN_VALUE;
        long writeBytes;
        int writeRecords;
        long readSecond = Long.MIN_VALUE;
        int readCalls;
        long readDebt;
        long readDebtAt;
        long lastHotSecond = Long.MIN_VALUE;
        int hotStreak;
    }

    private final Map<Integer, Meter> meters = new HashMap<>();

    private Meter meter(int shard) {
        return meters.computeIfAbsent(shard, k -> new Meter());
    }

    /**
     * Counts a record of {@code bytes} (data and partition key) written to {@code shard} now,
     * unless {@code enforce} and it would take the shard past its write limits this second;
     * returns whether it was admitted.
     */
    boolean admitWrite(int shard, long bytes, long now, boolean enforce) {
        Meter m = meter(shard);
        long second = Math.floorDiv(now, 1000);
        if (m.writeSecond != second) {
            if (m.writeBytes >= HOT_SHARE * WRITE_BYTES_PER_SECOND || m.writeRecords >= HOT_SHARE * WRITE_RECORDS_PER_SECOND) {
                m.hotStreak = m.lastHotSecond == m.writeSecond - 1 ? m.hotStreak + 1 : 1;
                m.lastHotSecond = m.writeSecond;
            }
            m.writeSecond = second;
            m.writeBytes = 0;
            m.writeRecords = 0;
        }
        if (enforce && (m.writeRecords + 1 > WRITE_RECORDS_PER_SECOND || m.writeBytes + bytes > WRITE_BYTES_PER_SECOND)) {
            return false;
        }
        m.writeBytes += bytes;
        m.writeRecords++;
        return true;
    }

    /** Counts a GetRecords call on {@code shard}, unless {@code enforce} and the shard is over its read limits; returns whether admitted. */
    boolean admitRead(int shard, long now, boolean enforce) {
        Meter m = meter(shard);
        long second = Math.floorDiv(now, 1000);
        if (m.readSecond != second) {
            m.readSecond = second;
            m.readCalls = 0;
        }
        drain(m, now);
        if (enforce && (m.readCalls + 1 > READ_CALLS_PER_SECOND || m.readDebt >= READ_BYTES_PER_SECOND)) {
            return false;
        }
        m.readCalls++;
        return true;
    }

    /** Records that a GetRecords call on {@code shard} returned {@code bytes}. */
    void read(int shard, long bytes, long now) {
        Meter m = meter(shard);
        drain(m, now);
        m.readDebt += bytes;
    }

    private static void drain(Meter m, long now) {
        if (m.readDebt == 0) {
            m.readDebtAt = now;
        } else if (now > m.readDebtAt) {
            m.readDebt = Math.max(0, m.readDebt - (now - m.readDebtAt) * READ_BYTES_PER_SECOND / 1000);
            m.readDebtAt = now;
        }
    }

    /** Bytes and records written to {@code shard} in the second of {@code now}: {bytes, records}. */
    long[] writtenThisSecond(int shard, long now) {
        Meter m = meters.get(shard);
        if (m == null || m.writeSecond != Math.floorDiv(now, 1000)) {
            return new long[] {0, 0};
        }
        return new long[] {m.writeBytes, m.writeRecords};
    }

    /**
     * How many consecutive seconds, ending with the one before {@code now}'s, {@code shard} took at
     * least {@link #HOT_SHARE} of its write limit (seen once the shard is written in the next second).
     */
    int hotSeconds(int shard, long now) {
        Meter m = meters.get(shard);
        return m != null && m.lastHotSecond == Math.floorDiv(now, 1000) - 1 ? m.hotStreak : 0;
    }

    /** Forgets a shard that was dropped. */
    void forget(int shard) {
        meters.remove(shard);
    }
}
