package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {

    /** Key derivation example from AWS's SigV4 documentation. */
    @Test
    void derivesTheDocumentedSigningKey() {
        byte[] key = new SigningKeyCache(4).signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830",
                                                       "us-east-1", "iam");
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Hashing.hex(key));
    }

    @Test
    void reusesKeysAndStaysBounded() {
        SigningKeyCache cache = new SigningKeyCache(3);
        byte[] first = cache.signingKey("secret", "20261125", "us-east-1", "sqs");
        assertSame(first, cache.signingKey("secret", "20261125", "us-east-1", "sqs"));
        for (int day = 1; day <= 20; day++) {
            cache.signingKey("secret", String.format("202611%02d", day), "us-east-1", "sqs");
            assertTrue(cache.size() <= 3, "size " + cache.size());
        }
        assertArrayEquals(first, cache.signingKey("secret", "20261125", "us-east-1", "sqs"));
    }

    @Test
    void everyScopeElementChangesTheKey() {
        SigningKeyCache cache = new SigningKeyCache(8);
        byte[] base = cache.signingKey("secret", "20261125", "us-east-1", "sqs");
        assertFalse(Arrays.equals(base, cache.signingKey("secret2", "20261125", "us-east-1", "sqs")));
        assertFalse(Arrays.equals(base, cache.signingKey("secret", "20261126", "us-east-1", "sqs")));
        assertFalse(Arrays.equals(base, cache.signingKey("secret", "20261125", "us-east-2", "sqs")));
        assertFalse(Arrays.equals(base, cache.signingKey("secret", "20261125", "us-east-1", "sns")));
    }

    @Test
    void parsesAndFormatsDates() {
        long millis = AmzDate.parseBasic("20261125T104600Z");
        assertEquals(java.time.Instant.parse("2026-11-25T10:46:00Z").toEpochMilli(), millis);
        assertEquals("20261125T104600Z", AmzDate.format(millis + 999));
        assertEquals(millis, AmzDate.parseHttpDate("Wed, 25 Nov 2026 10:46:00 GMT"));
        assertEquals(millis, AmzDate.parseHttpDate("20261125T104600Z"));
        for (String bad : new String[] {null, "", "20261125T104600", "20261125 104600Z", "2026112aT104600Z",
            "20260230T104600Z", "20261125T246000Z", "-2026112T104600Z", "Wed, 32 Nov 2026 10:46:00 GMT"}) {
            assertEquals(AmzDate.INVALID, AmzDate.parseBasic(bad), bad);
            assertEquals(AmzDate.INVALID, AmzDate.parseHttpDate(bad), bad);
        }
    }
}
