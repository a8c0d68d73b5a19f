package sluice.protocol.wire;

import java.nio.charset.StandardCharsets;

/**
 * A minimal, append-only XML writer for AWS query-protocol responses (SQS, SNS): elements and
 * escaped text into one {@link StringBuilder}, encoded to UTF-8 once at the end.
 *
 * <p>Design: no DOM, no StAX, no namespaces beyond a default {@code xmlns} on the root, so a
 * response costs one builder and one byte array. Text is escaped so that a conforming XML 1.0
 * parser returns the exact original string: {@code & < >} become entities, {@code \r} becomes
 * {@code &#xD;} (a literal CR would be normalised away), tab and newline stay literal. Characters
 * XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF, unpaired
 * surrogates) are replaced with U+FFFD; SQS rejects them on input, so this only guards against
 * a malformed document. Not thread-safe: one writer per response.
 */
public final class XmlWriter {
    private static final char REPLACEMENT = '\uFFFD';

    private final StringBuilder out;

    public XmlWriter(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    public XmlWriter declaration() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return this;
    }

    public XmlWriter open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    /** Opens the root element with a default namespace. */
    public XmlWriter open(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        return this;
    }

    public XmlWriter close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    public XmlWriter empty(String name) {
        out.append('<').append(name).append("/>");
        return this;
    }

    /** {@code <name>text</name>}, or nothing when text is null. */
    public XmlWriter element(String name, String text) {
        if (text != null) {
            open(name);
            escape(out, text);
            close(name);
        }
        return this;
    }

    public XmlWriter element(String name, long value) {
        out.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
        return this;
    }

    public XmlWriter element(String name, boolean value) {
        out.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
        return this;
    }

    public XmlWriter text(String text) {
        escape(out, text);
        return this;
    }

    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Appends {@code text} escaped as XML character data (safe inside attribute values too). */
    public static void escape(StringBuilder out, String text) {
        int length = text.length();
        int plain = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c < 0xD800) {
                continue;
            }
            if (c == '\t' || c == '\n') {
                continue;
            }
            if (c >= 0xD800) {
                if (c <= 0xDBFF && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (c >= 0xE000 && c <= 0xFFFD) {
                    continue;
                }
            }
            out.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(REPLACEMENT);
            }
        }
        out.append(text, plain, length);
    }
}
