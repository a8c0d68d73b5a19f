package sluice.it.simulation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import sluice.api.sqs.MessageAttributeValue;
import sluice.api.sqs.SqsRequest;

/**
 * Random messages to send: bodies (often from a small pool, so content-based deduplication finds
 * repeats; with non-ASCII text), groups from a small set, per-message delays on standard queues,
 * deduplication ids (mostly from a small pool, sometimes unique) and message attributes.
 */
final class MessageDrafts {
    private static final String[] BODY_POOL = {"a", "b", "c", "order-1", "order-2", "héllo €", "{\"k\":1}", "x y z"};
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 -_é€😀";

    /** One send entry before it is sent. */
    record Draft(String body, String group, Integer delay, String dedupId, Map<String, MessageAttributeValue> attributes) {
        SqsRequest.SendEntry entry() {
            return new SqsRequest.SendEntry(body, delay, attributes, Map.of(), dedupId, group);
        }

        /** The same message, visible at once (standard queues). */
        Draft withoutDelay() {
            return new Draft(body, group, 0, dedupId, attributes);
        }
    }

    private final SimulationConfig config;
    private final Random random;
    private int unique;

    MessageDrafts(SimulationConfig config, Random random) {
        this.config = config;
        this.random = random;
    }

    Draft next() {
        String body = random.nextInt(3) == 0 ? BODY_POOL[random.nextInt(BODY_POOL.length)] : body();
        if (!config.fifo()) {
            String group = random.nextBoolean() ? null : "g" + random.nextInt(config.groups());
            Integer delay = random.nextInt(4) == 0 ? random.nextInt(11) : null;
            return new Draft(body, group, delay, null, attributes());
        }
        String group = "g" + random.nextInt(config.groups());
        String dedupId = config.contentBasedDeduplication() && random.nextBoolean() ? null
                : random.nextInt(4) == 0 ? "u" + (++unique) : "d" + random.nextInt(config.dedupIdPool());
        return new Draft(body, group, null, dedupId, attributes());
    }

    private String body() {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(40);
        int letters = ALPHABET.codePointCount(0, ALPHABET.length());
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(letters))));
        }
        return b.toString();
    }

    private Map<String, MessageAttributeValue> attributes() {
        if (random.nextInt(3) != 0) {
            return Map.of();
        }
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String name = "attr" + random.nextInt(5);
            attributes.put(name, switch (random.nextInt(3)) {
                case 0 -> MessageAttributeValue.string(body());
                case 1 -> MessageAttributeValue.ofType("Number", Integer.toString(random.nextInt(1_000_000) - 500_000), null);
                default -> {
                    byte[] bytes = new byte[1 + random.nextInt(16)];
                    random.nextBytes(bytes);
                    yield MessageAttributeValue.ofType("Binary", null, bytes);
                }
            });
        }
        return attributes;
    }

    /** The deduplication key the model judges a FIFO send by (scope-qualified), or null on standard queues. */
    String dedupKey(Draft d) {
        if (!config.fifo()) {
            return null;
        }
        String id = d.dedupId() != null ? d.dedupId() : "sha256:" + sha256(d.body());
        return config.dedupPerGroup() ? d.group() + "/" + id : id;
    }

    String describe(Draft d) {
        StringBuilder b = new StringBuilder();
        b.append(d.group() == null ? "-" : d.group());
        if (d.delay() != null) {
            b.append(" delay=").append(d.delay());
        }
        if (!d.attributes().isEmpty()) {
            b.append(" attrs=").append(d.attributes().size());
        }
        if (config.fifo()) {
            b.append(" dedup=").append(d.dedupId() == null ? "body:" + abbreviate(d.body()) : d.dedupId());
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 12 ? s : s.substring(0, 12) + "…";
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
