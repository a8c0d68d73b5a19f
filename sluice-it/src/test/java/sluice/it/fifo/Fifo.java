package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import sluice.it.sqs.SqsClients;

/**
 * What the FIFO, fair-queue and dead-letter tests share on top of {@link SqsClients} (clients,
 * unique names, ARNs, AWS error assertions, bounded waits): FIFO queue names and creation, redrive
 * policies, group sends, receives with all system attributes, and an assertion of a rejection
 * whose exact code AWS leaves open.
 */
final class Fifo {
    private Fifo() {
    }

    /** A FIFO queue name no other test uses (ends with {@code .fifo}). */
    static String fifoName(String prefix) {
        return SqsClients.uniqueName(prefix) + ".fifo";
    }

    static String redrivePolicy(String dlqName, int maxReceiveCount) {
        return "{\"deadLetterTargetArn\":\"" + SqsClients.arn(dlqName) + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
    }

    /** Creates a FIFO queue ({@code FifoQueue=true} plus the given attributes) and returns its URL. */
    static String createFifo(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        all.put(QueueAttributeName.FIFO_QUEUE, "true");
        return SqsClients.createQueue(sqs, name, all);
    }

    static String createFifo(SqsClient sqs, String name) {
        return createFifo(sqs, name, Map.of());
    }

    static int count(SqsClient sqs, String queueUrl, QueueAttributeName name) {
        return Integer.parseInt(SqsClients.attribute(sqs, queueUrl, name));
    }

    static SendMessageResponse send(SqsClient sqs, String url, String group, String dedup, String body) {
        return sqs.sendMessage(b -> b.queueUrl(url).messageGroupId(group).messageDeduplicationId(dedup).messageBody(body));
    }

    /** One receive (no long polling) of up to {@code max} messages with all system attributes. */
    static List<Message> receive(SqsClient sqs, String url, int max) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    static List<Message> receive(SqsClient sqs, String url, int max, int visibilityTimeout) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilityTimeout)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    static void delete(SqsClient sqs, String url, Message m) {
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
    }

    /** Receives (and deletes) until {@code expected} messages came or a receive came back empty; bodies in order. */
    static List<String> drain(SqsClient sqs, String url, int expected) {
        List<String> bodies = new ArrayList<>();
        while (bodies.size() < expected) {
            List<Message> got = receive(sqs, url, 10);
            if (got.isEmpty()) {
                break;
            }
            for (Message m : got) {
                bodies.add(m.body());
                delete(sqs, url, m);
            }
        }
        return bodies;
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).toList();
    }

    static String systemAttribute(Message m, MessageSystemAttributeName name) {
        return m.attributes().get(name);
    }

    /** Asserts a client error (HTTP 400) whose code is one of {@code codes} (AWS documents the failure, not the code). */
    static SqsException expectRejected(Set<String> codes, Executable call) {
        SqsException e = assertThrows(SqsException.class, call);
        assertTrue(codes.contains(e.awsErrorDetails().errorCode()), () -> "errorCode one of " + codes + "; error was " + e.awsErrorDetails());
        assertEquals(400, e.statusCode(), () -> "HTTP status; error was " + e.awsErrorDetails());
        return e;
    }
}
