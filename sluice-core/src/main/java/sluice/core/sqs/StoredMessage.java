package sluice.core.sqs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.api.sqs.MessageAttributeValue;

/**
 * Everything SQS keeps of a message besides its place in the queue, and its stored encoding (the
 * payload the engine sees as opaque bytes). Digests are computed once at send time.
 *
 * <p>Format version 2: version byte, then the fields in declaration order; strings and byte arrays
 * length-prefixed (int), nullable strings with a presence byte, attribute maps as a count followed
 * by name, data type, binary flag and value. Version 1 lacks the last field (dead-letter source)
 * and is still read.
 */
public record StoredMessage(String messageId, long sentAt, String senderId, String body, String md5OfBody,
                            Map<String, MessageAttributeValue> attributes, String md5OfAttributes,
                            Map<String, MessageAttributeValue> systemAttributes, String md5OfSystemAttributes,
                            String messageGroupId, String deduplicationId, String sequenceNumber,
                            String deadLetterSourceArn) {
    private static final byte VERSION_1 = 1;
    private static final byte VERSION = 2;

    /** The same message with its FIFO sequence number. */
    public StoredMessage withSequenceNumber(String number) {
        return new StoredMessage(messageId, sentAt, senderId, body, md5OfBody, attributes, md5OfAttributes, systemAttributes,
                md5OfSystemAttributes, messageGroupId, deduplicationId, number, deadLetterSourceArn);
    }

    /** The same message, moved to a dead-letter queue from the named source queue. */
    public StoredMessage withDeadLetterSource(String sourceArn) {
        return new StoredMessage(messageId, sentAt, senderId, body, md5OfBody, attributes, md5OfAttributes, systemAttributes,
                md5OfSystemAttributes, messageGroupId, deduplicationId, sequenceNumber, sourceArn);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeString(out, messageId);
            out.writeLong(sentAt);
            writeNullable(out, senderId);
            writeString(out, body);
            writeString(out, md5OfBody);
            writeAttributes(out, attributes);
            writeNullable(out, md5OfAttributes);
            writeAttributes(out, systemAttributes);
            writeNullable(out, md5OfSystemAttributes);
            writeNullable(out, messageGroupId);
            writeNullable(out, deduplicationId);
            writeNullable(out, sequenceNumber);
            writeNullable(out, deadLetterSourceArn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static StoredMessage decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_1) {
                throw new IllegalStateException("unknown stored message format version " + version);
            }
            return new StoredMessage(readString(in), in.readLong(), readNullable(in), readString(in), readString(in),
                    readAttributes(in), readNullable(in), readAttributes(in), readNullable(in),
                    readNullable(in), readNullable(in), readNullable(in), version == VERSION_1 ? null : readNullable(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static void writeAttributes(DataOutputStream out, Map<String, MessageAttributeValue> attrs) throws IOException {
        out.writeInt(attrs.size());
        for (Map.Entry<String, MessageAttributeValue> e : attrs.entrySet()) {
            MessageAttributeValue v = e.getValue();
            writeString(out, e.getKey());
            writeString(out, v.dataType());
            out.writeBoolean(v.isBinary());
            if (v.isBinary()) {
                writeBytes(out, v.binaryValue());
            } else {
                writeString(out, v.stringValue());
            }
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static Map<String, MessageAttributeValue> readAttributes(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = readString(in);
            String type = readString(in);
            boolean binary = in.readBoolean();
            attrs.put(name, binary
                    ? new MessageAttributeValue(type, null, readBytes(in), List.of(), List.of())
                    : new MessageAttributeValue(type, readString(in), null, List.of(), List.of()));
        }
        return attrs;
    }
}
