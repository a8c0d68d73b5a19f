package sluice.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The on-disk value of a shard record (format version 1) and its refusal of unknown versions. */
class RecordShardStoreTest {

    @Test
    void version1ValuesRoundTrip() {
        byte[] value = RecordShardStore.encode(new ShardStore.NewRecord(1_700_000_000_123L, "pk-ü", new byte[] {0, 1, (byte) 0xff}));
        assertEquals(1, value[0]);
        ShardStore.StoredRecord r = RecordShardStore.decode(7, value);
        assertEquals(7, r.position());
        assertEquals(1_700_000_000_123L, r.arrivedAt());
        assertEquals("pk-ü", r.partitionKey());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, r.data());
    }

    @Test
    void anUnknownVersionIsRefusedWithAnActionableMessage() {
        byte[] value = RecordShardStore.encode(new ShardStore.NewRecord(1, "k", "x".getBytes(StandardCharsets.UTF_8)));
        value[0] = 2;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RecordShardStore.decode(0, value));
        assertTrue(e.getMessage().contains("upgrade Sluice"), e.getMessage());
    }
}
