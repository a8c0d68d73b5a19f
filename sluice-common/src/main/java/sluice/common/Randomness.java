package sluice.common;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/**
 * The source of randomness for identifiers. Injected so that simulations can be replayed from a
 * seed; production uses a {@link SecureRandom}.
 */
public interface Randomness {

    void nextBytes(byte[] into);

    default UUID uuid() {
        byte[] b = new byte[16];
        nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    static Randomness secure() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }

    static Randomness seeded(long seed) {
        Random random = new Random(seed);
        return random::nextBytes;
    }
}
