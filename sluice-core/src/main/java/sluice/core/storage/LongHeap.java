package sluice.core.storage;

import java.util.Arrays;

/**
 * A binary min-heap of {@code (key, value)} pairs of longs in two parallel arrays, ordered by key
 * then value, without an object per element. Its owners use it with lazy deletion: an element
 * whose subject changed since it was pushed is recognised as stale when it surfaces and dropped.
 * Not thread-safe; confined to one lane like its owner.
 */
final class LongHeap {
    private long[] keys = new long[8];
    private long[] values = new long[8];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(long key, long value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(key, value, keys[parent], values[parent])) {
                break;
            }
            keys[i] = keys[parent];
            values[i] = values[parent];
            i = parent;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** The smallest key; the heap must not be empty. */
    long peekKey() {
        return keys[0];
    }

    /** The value paired with the smallest key; the heap must not be empty. */
    long peekValue() {
        return values[0];
    }

    /** Removes the smallest element; the heap must not be empty. */
    void pop() {
        int last = --size;
        long key = keys[last];
        long value = values[last];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && less(keys[child + 1], values[child + 1], keys[child], values[child])) {
                child++;
            }
            if (!less(keys[child], values[child], key, value)) {
                break;
            }
            keys[i] = keys[child];
            values[i] = values[child];
            i = child;
        }
        keys[i] = key;
        values[i] = value;
        if (size < keys.length / 4 && keys.length > 8) {
            keys = Arrays.copyOf(keys, keys.length / 2);
            values = Arrays.copyOf(values, values.length / 2);
        }
    }

    void clear() {
        keys = new long[8];
        values = new long[8];
        size = 0;
    }

    private static boolean less(long k1, long v1, long k2, long v2) {
        return k1 != k2 ? k1 < k2 : v1 < v2;
    }
}
