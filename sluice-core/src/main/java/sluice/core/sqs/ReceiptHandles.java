package sluice.core.sqs;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receipt handles: opaque, tamper-evident tokens naming one receive of one message. A handle
 * carries the queue id, the message seq and the receive count at that receive, sealed with an
 * HMAC under a server key (kept in the data directory, so handles outlive restarts). A handle that
 * was altered or minted elsewhere fails to open; one whose receive count is no longer current is
 * recognised as stale rather than mistaken for another message.
 */
public final class ReceiptHandles {
    private static final byte VERSION = 1;
    private static final int BODY = 1 + 8 + 8 + 4;
    private static final int TAG = 16;

    /** What a receipt handle names. */
    public record Receipt(long queueId, long seq, int receiveCount) {
    }

    private final ThreadLocal<Mac> mac;

    public ReceiptHandles(byte[] key) {
        byte[] keyCopy = key.clone();
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(keyCopy, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
            }
        });
    }

    public String seal(Receipt receipt) {
        ByteBuffer buf = ByteBuffer.allocate(BODY + TAG);
        buf.put(VERSION).putLong(receipt.queueId()).putLong(receipt.seq()).putInt(receipt.receiveCount());
        buf.put(tag(buf.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Opens a handle, or returns null when it is malformed or was not sealed by this server. */
    public Receipt open(String handle) {
        if (handle == null || handle.length() > 200) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(handle);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != BODY + TAG || raw[0] != VERSION) {
            return null;
        }
        byte[] expected = tag(raw);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, BODY, BODY + TAG))) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw, 1, BODY - 1);
        return new Receipt(buf.getLong(), buf.getLong(), buf.getInt());
    }

    private byte[] tag(byte[] bytes) {
        Mac m = mac.get();
        m.update(bytes, 0, BODY);
        return Arrays.copyOf(m.doFinal(), TAG);
    }
}
