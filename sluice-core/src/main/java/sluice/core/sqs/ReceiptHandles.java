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
 * carries the queue id, the message seq, the receive count at that receive and the time of that
 * receive, sealed with an HMAC under a server key (kept in the data directory, so handles outlive
 * restarts). A handle that was altered or minted elsewhere fails to open; one whose receive count
 * is no longer current is recognised as stale rather than mistaken for another message.
 *
 * <p>Format version 2 added the receive time (AWS caps a message's visibility at 12 hours from
 * its receive); version 1 handles still open, with the receive time unknown ({@code -1}).
 */
public final class ReceiptHandles {
    private static final byte VERSION_1 = 1;
    private static final byte VERSION = 2;
    private static final int BODY_1 = 1 + 8 + 8 + 4;
    private static final int BODY = BODY_1 + 8;
    private static final int TAG = 16;

    /** What a receipt handle names; {@code receivedAt} is -1 when the handle predates it. */
    public record Receipt(long queueId, long seq, int receiveCount, long receivedAt) {
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
        buf.put(VERSION).putLong(receipt.queueId()).putLong(receipt.seq()).putInt(receipt.receiveCount())
                .putLong(receipt.receivedAt());
        buf.put(tag(buf.array(), BODY));
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
        int body = raw.length > 0 && raw[0] == VERSION_1 ? BODY_1 : BODY;
        if (raw.length != body + TAG || (raw[0] != VERSION && raw[0] != VERSION_1)) {
            return null;
        }
        byte[] expected = tag(raw, body);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, body, body + TAG))) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw, 1, body - 1);
        return new Receipt(buf.getLong(), buf.getLong(), buf.getInt(), body == BODY ? buf.getLong() : -1);
    }

    private byte[] tag(byte[] bytes, int length) {
        Mac m = mac.get();
        m.update(bytes, 0, length);
        return Arrays.copyOf(m.doFinal(), TAG);
    }
}
