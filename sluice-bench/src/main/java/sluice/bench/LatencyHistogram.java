package sluice.bench;

import java.util.Arrays;

/**
 * A log-linear histogram of non-negative long values (latencies in nanoseconds), after
 * HdrHistogram's layout: values below {@code 2 * SUB_BUCKETS} are counted exactly, and every
 * higher power-of-two range {@code [2^e, 2^(e+1))} is split into {@value #SUB_BUCKETS} equal
 * buckets, so a reported percentile is within 1/{@value #SUB_BUCKETS} (under 0.8 %) of a value
 * that was recorded. Covers the whole positive long range in a fixed 57 KiB array.
 *
 * <p>Not thread-safe: each load thread records into its own histogram and the results are
 * {@linkplain #add merged} after the threads have been joined.
 */
public final class LatencyHistogram {
    static final int SUB_BUCKET_BITS = 7;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKET_COUNT = (64 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKET_COUNT];
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max;

    /** Records one value; negative values are counted as zero. */
    public void record(long value) {
        long v = Math.max(0, value);
        counts[indexOf(v)]++;
        count++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    /** Adds every value recorded in {@code other} to this histogram. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKET_COUNT; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    /** The smallest value recorded, or 0 when empty. */
    public long min() {
        return count == 0 ? 0 : min;
    }

    /** The largest value recorded, or 0 when empty. */
    public long max() {
        return max;
    }

    public double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * The value at or below which {@code percentile} percent of the recorded values fall: the
     * highest value of the bucket holding the value of that rank (nearest-rank method), capped at
     * the largest value recorded. 0 when empty.
     */
    public long valueAt(double percentile) {
        if (percentile < 0 || percentile > 100 || Double.isNaN(percentile)) {
            throw new IllegalArgumentException("percentile must be in [0, 100]: " + percentile);
        }
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < BUCKET_COUNT; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, Math.max(min, highestEquivalent(i)));
            }
        }
        return max;
    }

    /** Forgets every recorded value. */
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = 0;
    }

    static int indexOf(long value) {
        if (value < 2L * SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BUCKET_BITS + 1
        int shift = exponent - SUB_BUCKET_BITS;
        long top = value >>> shift; // in [SUB_BUCKETS, 2 * SUB_BUCKETS)
        return (int) (shift * (long) SUB_BUCKETS + top);
    }

    static long lowestEquivalent(int index) {
        if (index < 2 * SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long top = index - (long) shift * SUB_BUCKETS;
        return top << shift;
    }

    static long highestEquivalent(int index) {
        if (index < 2 * SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long low = lowestEquivalent(index);
        long width = 1L << shift;
        return low + (width - 1);
    }
}
