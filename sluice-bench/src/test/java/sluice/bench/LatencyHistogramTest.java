package sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void emptyHistogramReportsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.count());
        assertEquals(0, h.valueAt(50));
        assertEquals(0, h.valueAt(99));
        assertEquals(0, h.min());
        assertEquals(0, h.max());
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertEquals(50, h.valueAt(50));
        assertEquals(99, h.valueAt(99));
        assertEquals(100, h.valueAt(100));
        assertEquals(1, h.valueAt(0));
        assertEquals(1, h.min());
        assertEquals(100, h.max());
        assertEquals(50.5, h.mean(), 1e-9);
    }

    @Test
    void bucketsTileTheWholeRangeWithoutGapsOrOverlaps() {
        long expectedLow = 0;
        int last = LatencyHistogram.indexOf(Long.MAX_VALUE);
        for (int i = 0; i <= last; i++) {
            assertEquals(expectedLow, LatencyHistogram.lowestEquivalent(i), "bucket " + i);
            long high = LatencyHistogram.highestEquivalent(i);
            assertEquals(i, LatencyHistogram.indexOf(LatencyHistogram.lowestEquivalent(i)));
            assertEquals(i, LatencyHistogram.indexOf(high));
            if (i < last) {
                expectedLow = high + 1;
            } else {
                assertEquals(Long.MAX_VALUE, high);
            }
        }
    }

    @Test
    void relativeErrorIsBelowOnePercent() {
        long[] values = {255, 256, 257, 1_000, 12_345, 999_999, 1_000_000, 7_654_321, 123_456_789_012L, Long.MAX_VALUE / 3};
        for (long v : values) {
            int index = LatencyHistogram.indexOf(v);
            long low = LatencyHistogram.lowestEquivalent(index);
            long high = LatencyHistogram.highestEquivalent(index);
            assertTrue(low <= v && v <= high, v + " in [" + low + ", " + high + "]");
            assertTrue((double) (high - low) / v < 1.0 / LatencyHistogram.SUB_BUCKETS + 1e-12, "bucket too wide for " + v);
        }
    }

    @Test
    void percentilesMatchSortedSamplesWithinPrecision() {
        SplittableRandom random = new SplittableRandom(42);
        long[] samples = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < samples.length; i++) {
            // log-normal-ish latencies between ~50 us and ~1 s, in nanoseconds
            samples[i] = (long) Math.exp(random.nextDouble(Math.log(50_000), Math.log(1_000_000_000)));
            h.record(samples[i]);
        }
        Arrays.sort(samples);
        for (double p : new double[] {1, 25, 50, 90, 99, 99.9, 100}) {
            long exact = samples[(int) Math.max(0, Math.ceil(p / 100 * samples.length) - 1)];
            long got = h.valueAt(p);
            assertTrue(got >= exact, "p" + p + ": " + got + " < " + exact);
            assertTrue(got - exact <= exact / LatencyHistogram.SUB_BUCKETS + 1, "p" + p + ": " + got + " vs " + exact);
        }
        assertEquals(samples[0], h.min());
        assertEquals(samples[samples.length - 1], h.max());
        assertEquals(samples[samples.length - 1], h.valueAt(100));
    }

    @Test
    void mergingEqualsRecordingEverythingInOne() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram all = new LatencyHistogram();
        for (long v = 0; v < 50_000; v += 7) {
            (v % 2 == 0 ? a : b).record(v * 1_000);
            all.record(v * 1_000);
        }
        a.add(b);
        assertEquals(all.count(), a.count());
        assertEquals(all.min(), a.min());
        assertEquals(all.max(), a.max());
        assertEquals(all.mean(), a.mean(), 1e-6);
        for (double p : new double[] {0, 10, 50, 99, 99.99, 100}) {
            assertEquals(all.valueAt(p), a.valueAt(p), "p" + p);
        }
    }

    @Test
    void negativeValuesCountAsZeroAndResetForgets() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        assertEquals(1, h.count());
        assertEquals(0, h.max());
        h.record(1_000_000);
        h.reset();
        assertEquals(0, h.count());
        assertEquals(0, h.valueAt(99));
    }

    @Test
    void rejectsPercentilesOutOfRange() {
        LatencyHistogram h = new LatencyHistogram();
        assertThrows(IllegalArgumentException.class, () -> h.valueAt(-1));
        assertThrows(IllegalArgumentException.class, () -> h.valueAt(100.5));
        assertThrows(IllegalArgumentException.class, () -> h.valueAt(Double.NaN));
    }
}
