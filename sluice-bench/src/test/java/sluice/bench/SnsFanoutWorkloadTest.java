package sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The publish stamp a consumer reads back, from a raw body and from inside SNS's JSON envelope. */
class SnsFanoutWorkloadTest {

    @Test
    void theStampIsReadFromRawBodiesAndEnvelopes() {
        assertEquals(12345, SnsFanoutWorkload.stampOf("bench-ts=12345;p0-1;abcdef"));
        assertEquals(7, SnsFanoutWorkload.stampOf("{\n  \"Type\" : \"Notification\",\n  \"Message\" : \"bench-ts=7;p1-2;xyz\",\n}"));
        assertEquals(-1, SnsFanoutWorkload.stampOf("no stamp here"));
        assertEquals(-1, SnsFanoutWorkload.stampOf("bench-ts=12x;"));
        assertEquals(-1, SnsFanoutWorkload.stampOf("bench-ts=123"));
    }
}
