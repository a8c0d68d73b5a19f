package sluice.core.storage;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hash map from {@code long} keys to objects, with open addressing (linear probing) in two
 * parallel arrays: no boxed key and no node object per entry, so an index of a hundred thousand
 * messages costs the GC two arrays instead of two hundred thousand objects. Removal shifts the
 * following run back (no tombstones). Not thread-safe; confined to one lane like its owner.
 *
 * <p>What must always hold: every key sits in the run that starts at its home slot, with no empty
 * slot between the home slot and it; {@code values[i] == null} exactly when slot {@code i} is empty.
 */
final class LongMap<V> {
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = home(key); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Maps {@code key} to {@code value} (not null); returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not stored");
        }
        int i = home(key);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
        }
        keys[i] = key;
        values[i] = value;
        if (++size > (mask + 1) * 3 / 4) {
            resize((mask + 1) * 2);
        }
        return null;
    }

    /** Removes the mapping of {@code key}; returns its value, or null when there was none. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = home(key);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                V old = (V) values[i];
                shiftBack(i);
                size--;
                if (size < (mask + 1) / 8 && mask + 1 > MIN_CAPACITY) {
                    resize((mask + 1) / 2);
                }
                return old;
            }
        }
        return null;
    }

    /** Empties slot {@code gap}, moving later members of the run back so every key stays reachable. */
    private void shiftBack(int gap) {
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) {
                break;
            }
            int home = home(keys[i]);
            // the entry at i may fill the gap unless its home lies cyclically in (gap, i]
            boolean homeAfterGap = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
            if (!homeAfterGap) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        values[gap] = null;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(Math.max(MIN_CAPACITY, capacity));
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] != null) {
                int i = home(oldKeys[j]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** Calls {@code action} with every value, in no particular order; the map must not change meanwhile. */
    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> action) {
        for (Object value : values) {
            if (value != null) {
                action.accept((V) value);
            }
        }
    }

    /** Every key, in no particular order. */
    long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
    }

    @Override
    public String toString() {
        return "LongMap[size=" + size + ", keys=" + Arrays.toString(keys()) + "]";
    }
}
