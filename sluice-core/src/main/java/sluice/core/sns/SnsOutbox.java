package sluice.core.sns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sluice.common.Json;

/**
 * The default {@link MobileSender}: keeps the last {@link #CAPACITY} SMS and push notifications
 * (oldest dropped first), in memory, for users and tests to read at {@code /_sluice/sns/outbox} as
 * a JSON list, oldest first. Thread-safe.
 */
public final class SnsOutbox implements MobileSender {
    public static final int CAPACITY = 1000;

    private final Deque<MobileMessage> messages = new ArrayDeque<>();

    @Override
    public synchronized void send(MobileMessage message) {
        if (messages.size() == CAPACITY) {
            messages.removeFirst();
        }
        messages.addLast(message);
    }

    public synchronized List<MobileMessage> messages() {
        return List.copyOf(messages);
    }

    /** The outbox as a JSON list of objects, members named as in {@link MobileMessage}, nulls left out. */
    public String toJson() {
        List<Object> out = new ArrayList<>();
        for (MobileMessage m : messages()) {
            Map<String, Object> o = new LinkedHashMap<>();
            put(o, "type", m.type());
            put(o, "messageId", m.messageId());
            put(o, "timestamp", m.timestamp());
            put(o, "destination", m.destination());
            put(o, "platform", m.platform());
            put(o, "token", m.token());
            put(o, "subject", m.subject());
            put(o, "message", m.message());
            put(o, "topicArn", m.topicArn());
            put(o, "subscriptionArn", m.subscriptionArn());
            o.put("attributes", m.attributes());
            out.add(o);
        }
        return Json.write(out);
    }

    private static void put(Map<String, Object> o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
