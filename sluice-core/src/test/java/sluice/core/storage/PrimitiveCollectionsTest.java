package sluice.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LongMap} and {@link LongHeap} behave as the JDK collections they replace, under random operations. */
class PrimitiveCollectionsTest {

    @Test
    void longMapAgreesWithHashMap() {
        Random random = new Random(7);
        LongMap<String> map = new LongMap<>();
        Map<Long, String> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // a narrow key range makes collisions, long probe runs and back-shifts common
            long key = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(2_000) * 1024L;
            switch (random.nextInt(3)) {
                case 0 -> assertEquals(reference.put(key, "v" + i), map.put(key, "v" + i));
                case 1 -> assertEquals(reference.remove(key), map.remove(key));
                default -> assertEquals(reference.get(key), map.get(key));
            }
            assertEquals(reference.size(), map.size());
        }
        long[] keys = map.keys();
        Arrays.sort(keys);
        assertArrayEquals(reference.keySet().stream().mapToLong(Long::longValue).sorted().toArray(), keys);
        for (Map.Entry<Long, String> e : reference.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()));
        }
    }

    @Test
    void longHeapPopsInKeyThenValueOrder() {
        Random random = new Random(11);
        LongHeap heap = new LongHeap();
        PriorityQueue<long[]> reference = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i < 100_000; i++) {
            if (random.nextInt(5) < 3 || reference.isEmpty()) {
                long key = random.nextInt(1_000);
                long value = random.nextInt(1_000);
                heap.push(key, value);
                reference.add(new long[] {key, value});
            } else {
                long[] expected = reference.poll();
                assertEquals(expected[0], heap.peekKey());
                assertEquals(expected[1], heap.peekValue());
                heap.pop();
            }
            assertEquals(reference.size(), heap.size());
        }
    }
}
