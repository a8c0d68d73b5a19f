package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.w3c.dom.Element;

/**
 * Queues a test creates through the query dialect, with unique names, deleted again by
 * {@link #deleteAll()} after each test; plus the few calls most tests share.
 */
final class Queues {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final QueryClient sqs;
    private final List<String> created = new ArrayList<>();

    Queues(QueryClient sqs) {
        this.sqs = sqs;
    }

    /** A queue name no other test uses: {@code prefix-<random>-<n>}. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + COUNTER.incrementAndGet();
    }

    String create(String prefix) {
        return create(prefix, Map.of());
    }

    String create(String prefix, Map<String, String> attributes) {
        return createNamed(uniqueName(prefix), attributes);
    }

    /** Creates a queue by exact name and returns its URL from the CreateQueueResult. */
    String createNamed(String name, Map<String, String> attributes) {
        QueryResponse r = sqs.call(Form.action("CreateQueue").add("QueueName", name).attributes(attributes));
        String url = r.resultText("CreateQueue", "QueueUrl");
        assertNotNull(url, () -> "no QueueUrl in " + r);
        created.add(url);
        return url;
    }

    /** Remembers a queue created some other way so that it is deleted after the test. */
    void track(String url) {
        created.add(url);
    }

    /** Sends {@code body} and returns the MessageId. */
    String send(String url, String body) {
        QueryResponse r = sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", body));
        String id = r.resultText("SendMessage", "MessageId");
        assertNotNull(id, () -> "no MessageId in " + r);
        return id;
    }

    /** ReceiveMessage with the given extra parameters; returns the {@code <Message>} elements. */
    List<Element> receive(String url, Form extra) {
        Form form = Form.action("ReceiveMessage").add("QueueUrl", url);
        for (String[] p : extra.pairs()) {
            form.add(p[0], p[1]);
        }
        return sqs.call(form).resultList("ReceiveMessage", "Message");
    }

    /** Receives exactly one message, long-polling up to 5 seconds for it. */
    Element receiveOne(String url, Form extra) {
        Form form = Form.empty();
        boolean waits = false;
        for (String[] p : extra.pairs()) {
            form.add(p[0], p[1]);
            waits |= p[0].equals("WaitTimeSeconds");
        }
        if (!waits) {
            form.add("WaitTimeSeconds", 5);
        }
        List<Element> messages = receive(url, form);
        assertEquals(1, messages.size(), "messages received");
        return messages.get(0);
    }

    Element receiveOne(String url) {
        return receiveOne(url, Form.empty());
    }

    /** Queue attributes by name, from GetQueueAttributes with {@code AttributeName.N}. */
    Map<String, String> attributes(String url, String... names) {
        return sqs.call(Form.action("GetQueueAttributes").add("QueueUrl", url).list("AttributeName", names))
                .resultMap("GetQueueAttributes", "Attribute", "Name", "Value");
    }

    /** Asserts that the queue holds no message, visible or in flight (both approximate counts 0). */
    void assertEmpty(String url) {
        assertEquals(Map.of("ApproximateNumberOfMessages", "0", "ApproximateNumberOfMessagesNotVisible", "0"),
                attributes(url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"));
    }

    void deleteAll() {
        for (String url : created) {
            sqs.call(Form.action("DeleteQueue").add("QueueUrl", url)); // already gone is fine
        }
        created.clear();
    }
}
