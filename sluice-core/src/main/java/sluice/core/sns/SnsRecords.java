package sluice.core.sns;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import sluice.common.Json;

/**
 * How SNS keeps its metadata in the engine's {@code sns} record namespace. Keys:
 * <pre>
 *   t/{topic id, 16 hex digits}                     → topic (JSON, "v":1)
 *   t/{topic id, 16 hex digits}/s/{uuid}            → subscription of that topic (JSON, "v":1)
 *   t/{topic id, 16 hex digits}/d/{SHA-256 hex}     → a FIFO deduplication key in its window (JSON, "v":1:
 *                                                     messageId, sequenceNumber, expiresAt)
 *   t/{topic id, 16 hex digits}/x/{uuid}            → a subscription deleted lately (JSON, "v":1: deletedAt),
 *                                                     see {@link SubscriptionDeletion}
 * </pre>
 * A subscription record's {@code created} member (milliseconds) was added later without a version
 * change: a record without it reads as created when it is loaded, which only delays the expiry of
 * a subscription that was pending before the upgrade.
 * A topic's key is a prefix of exactly its own subscriptions' and deduplication keys (the id has a
 * fixed width), so deleting a topic is one atomic prefix delete. (Mobile and SMS records, {@code app/…}
 * and {@code sms/…}, share the namespace; see {@link SnsMobileAndSms}.) Values are JSON objects with a version member; a
 * reader refuses a version it does not know rather than guess.
 */
final class SnsRecords {
    static final String NAMESPACE = "sns";
    private static final int VERSION = 1;

    private SnsRecords() {
    }

    static String topicKey(long topicId) {
        return String.format("t/%016x", topicId);
    }

    static String subscriptionKey(long topicId, String uuid) {
        return topicKey(topicId) + "/s/" + uuid;
    }

    /** The record of a deduplication key, already hashed to its fixed width (SHA-256 hex of group and id). */
    static String dedupKey(long topicId, String hashedKey) {
        return topicKey(topicId) + "/d/" + hashedKey;
    }

    static boolean isDedupKey(String key) {
        return key.startsWith("t/") && key.length() == 18 + 3 + 64 && key.startsWith("/d/", 18);
    }

    /** The topic id in a topic, subscription or deduplication key. */
    static long topicIdOf(String key) {
        return Long.parseUnsignedLong(key.substring(2, 18), 16);
    }

    static byte[] encodeDedup(FifoState.Accepted accepted, long expiresAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", VERSION);
        out.put("messageId", accepted.messageId());
        out.put("sequenceNumber", accepted.sequenceNumber());
        out.put("expiresAt", expiresAt);
        return Json.write(out).getBytes(StandardCharsets.UTF_8);
    }

    static FifoState.Accepted decodeDedup(byte[] value) {
        Map<String, Object> in = read(value, "deduplication");
        return new FifoState.Accepted((String) in.get("messageId"), (String) in.get("sequenceNumber"));
    }

    static long dedupExpiry(byte[] value) {
        return number(read(value, "deduplication"), "expiresAt");
    }

    static String deletionKey(long topicId, String uuid) {
        return topicKey(topicId) + "/x/" + uuid;
    }

    static boolean isDeletionKey(String key) {
        return key.startsWith("t/") && key.length() > 21 && key.startsWith("/x/", 18);
    }

    static byte[] encodeDeletion(SubscriptionDeletion d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", VERSION);
        out.put("deletedAt", d.deletedAt());
        return Json.write(out).getBytes(StandardCharsets.UTF_8);
    }

    static SubscriptionDeletion decodeDeletion(String key, byte[] value) {
        return new SubscriptionDeletion(key.substring(21), number(read(value, "subscription deletion"), "deletedAt"));
    }

    static boolean isTopicKey(String key) {
        return key.startsWith("t/") && key.length() == 18;
    }

    static boolean isSubscriptionKey(String key) {
        return key.startsWith("t/") && key.length() > 21 && key.startsWith("/s/", 18);
    }

    static byte[] encode(TopicRecord t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", VERSION);
        out.put("id", t.id());
        out.put("account", t.account());
        out.put("region", t.region());
        out.put("name", t.name());
        out.put("attributes", t.attributes());
        out.put("tags", t.tags());
        out.put("dataProtectionPolicy", t.dataProtectionPolicy());
        out.put("created", t.createdMillis());
        return Json.write(out).getBytes(StandardCharsets.UTF_8);
    }

    static TopicRecord decodeTopic(byte[] value) {
        Map<String, Object> in = read(value, "topic");
        return new TopicRecord(number(in, "id"), (String) in.get("account"), (String) in.get("region"),
                (String) in.get("name"), strings(in, "attributes"), strings(in, "tags"),
                (String) in.get("dataProtectionPolicy"), number(in, "created"));
    }

    static byte[] encode(SubscriptionRecord s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("v", VERSION);
        out.put("arn", s.arn());
        out.put("topicId", s.topicId());
        out.put("topicArn", s.topicArn());
        out.put("protocol", s.protocol());
        out.put("endpoint", s.endpoint());
        out.put("owner", s.owner());
        out.put("attributes", s.attributes());
        out.put("pending", s.pending());
        out.put("token", s.token());
        out.put("authenticated", s.authenticated());
        out.put("created", s.createdAt());
        return Json.write(out).getBytes(StandardCharsets.UTF_8);
    }

    static SubscriptionRecord decodeSubscription(byte[] value) {
        Map<String, Object> in = read(value, "subscription");
        return new SubscriptionRecord((String) in.get("arn"), number(in, "topicId"), (String) in.get("topicArn"),
                (String) in.get("protocol"), (String) in.get("endpoint"), (String) in.get("owner"),
                strings(in, "attributes"), Boolean.TRUE.equals(in.get("pending")), (String) in.get("token"),
                Boolean.TRUE.equals(in.get("authenticated")), in.get("created") instanceof BigDecimal c ? c.longValueExact() : 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(byte[] value, String what) {
        Object parsed = Json.parse(new String(value, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("v") instanceof BigDecimal v)) {
            throw new IllegalStateException("corrupt SNS " + what + " record");
        }
        if (v.intValue() != VERSION) {
            throw new IllegalStateException("unknown SNS " + what + " record version " + v
                    + " (this build reads " + VERSION + "); was the data directory written by a newer Sluice?");
        }
        return (Map<String, Object>) map;
    }

    private static long number(Map<String, Object> in, String name) {
        return ((BigDecimal) in.get(name)).longValueExact();
    }

    private static Map<String, String> strings(Map<String, Object> in, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in.get(name) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        return out;
    }
}
