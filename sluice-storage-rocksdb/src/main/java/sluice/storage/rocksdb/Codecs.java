package sluice.storage.rocksdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import sluice.core.storage.QueueRecord;

/**
 * The values of the on-disk layout. Each value starts with its own version byte, so one kind of
 * value can change without touching the others; a reader refuses a version it does not know
 * rather than guess. Strings are length-prefixed UTF-8 (no 64 KiB limit, unlike writeUTF).
 */
final class Codecs {
    static final byte QUEUE_V1 = 1;
    static final byte STATE_V1 = 1;
    /** Version 2 adds the message group (version 1 values are still read: they have none). */
    static final byte STATE_V2 = 2;
    static final byte HEAD_V1 = 1;
    static final int STATE_LENGTH = 1 + 8 + 8 + 4 + 8;
    static final int HEAD_LENGTH = 1 + 8;

    private Codecs() {
    }

    /** What recovery needs of one message; the payload lives apart, in {@code payloads}. */
    record MessageState(long sentAt, long availableAt, int receiveCount, long firstReceivedAt, String groupId) {
    }

    static byte[] encodeQueue(QueueRecord q) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(QUEUE_V1);
            out.writeLong(q.id());
            writeString(out, q.account());
            writeString(out, q.region());
            writeString(out, q.name());
            writeMap(out, q.attributes());
            writeMap(out, q.tags());
            out.writeLong(q.createdMillis());
            out.writeLong(q.lastModifiedMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static QueueRecord decodeQueue(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            checkVersion("queue", in.readByte(), QUEUE_V1);
            long id = in.readLong();
            String account = readString(in);
            String region = readString(in);
            String name = readString(in);
            Map<String, String> attributes = readMap(in);
            Map<String, String> tags = readMap(in);
            long created = in.readLong();
            long modified = in.readLong();
            return new QueueRecord(id, account, region, name, attributes, tags, created, modified);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt queue record", e);
        }
    }

    static byte[] encodeState(long sentAt, long availableAt, int receiveCount, long firstReceivedAt, String groupId) {
        byte[] group = groupId == null ? null : groupId.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[STATE_LENGTH + 4 + (group == null ? 0 : group.length)];
        b[0] = STATE_V2;
        Keys.putLong(b, 1, sentAt);
        Keys.putLong(b, 9, availableAt);
        putInt(b, 17, receiveCount);
        Keys.putLong(b, 21, firstReceivedAt);
        putInt(b, STATE_LENGTH, group == null ? -1 : group.length);
        if (group != null) {
            System.arraycopy(group, 0, b, STATE_LENGTH + 4, group.length);
        }
        return b;
    }

    static MessageState decodeState(byte[] b) {
        if (b.length < STATE_LENGTH || (b[0] == STATE_V1 && b.length != STATE_LENGTH)) {
            throw new IllegalStateException("corrupt message state: " + b.length + " bytes");
        }
        String groupId = null;
        if (b[0] != STATE_V1) {
            checkVersion("message state", b[0], STATE_V2);
            int groupLength = b.length >= STATE_LENGTH + 4 ? getInt(b, STATE_LENGTH) : -2;
            if (groupLength < -1 || STATE_LENGTH + 4 + Math.max(0, groupLength) != b.length) {
                throw new IllegalStateException("corrupt message state: bad group length");
            }
            groupId = groupLength < 0 ? null : new String(b, STATE_LENGTH + 4, groupLength, StandardCharsets.UTF_8);
        }
        return new MessageState(Keys.getLong(b, 1), Keys.getLong(b, 9), getInt(b, 17), Keys.getLong(b, 21), groupId);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static byte[] encodeHead(long lastSeq) {
        byte[] b = new byte[HEAD_LENGTH];
        b[0] = HEAD_V1;
        Keys.putLong(b, 1, lastSeq);
        return b;
    }

    static long decodeHead(byte[] b) {
        if (b.length != HEAD_LENGTH) {
            throw new IllegalStateException("corrupt queue head: " + b.length + " bytes");
        }
        checkVersion("queue head", b[0], HEAD_V1);
        return Keys.getLong(b, 1);
    }

    private static void checkVersion(String what, byte found, byte known) {
        if (found != known) {
            throw new IllegalStateException("unknown " + what + " format version " + found
                    + " (this build reads " + known + "); was the data directory written by a newer Sluice?");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad string length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > in.available()) {
            throw new IOException("bad map size " + size);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }
}
