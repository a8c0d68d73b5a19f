package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.fifo.Fifo.redrivePolicy;
import static sluice.it.sqs.SqsClients.arn;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.expectError;
import static sluice.it.sqs.SqsClients.expectInvalidParameter;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.CancelMessageMoveTaskResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;
import sluice.it.sqs.SqsClients;
import sluice.it.sqs.SqsServerBase;

/**
 * Message move tasks (StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks API
 * reference; "Learn how to configure a dead-letter queue redrive"): redrive from a DLQ back to the
 * original sources or to a chosen destination at a chosen rate, one active task per queue, the
 * statuses and counts ListMessageMoveTasks reports, cancellation, errors, and a task that goes on
 * after a restart. Waits for the asynchronous outcomes are bounded; no speed is asserted.
 */
class MessageMoveTaskTest extends SqsServerBase {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A DLQ and a source queue redriving to it; returns {sourceName, dlqName}. */
    private static String[] dlqWithSource(String prefix) {
        String dlqName = uniqueName(prefix + "-dlq");
        createQueue(sqs, dlqName, Map.of());
        String sourceName = uniqueName(prefix + "-src");
        createQueue(sqs, sourceName, Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqName, 1)));
        return new String[] {sourceName, dlqName};
    }

    private static Set<String> sendBatch(String url, String prefix, int count) {
        Set<String> bodies = new HashSet<>();
        for (int start = 0; start < count; start += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(prefix + "-" + i).build());
                bodies.add(prefix + "-" + i);
            }
            assertEquals(entries.size(), sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size());
        }
        return bodies;
    }

    /** Sends to the source and receives until every message was dead-lettered (maxReceiveCount 1). */
    private static Set<String> deadLetter(String sourceName, String dlqName, int count) {
        String source = server.queueUrl(sourceName);
        String dlq = server.queueUrl(dlqName);
        Set<String> bodies = sendBatch(source, "dead", count);
        SqsClients.await(PATIENCE, count + " messages dead-lettered", () -> {
            Fifo.receive(sqs, source, 10, 0);
            return Fifo.count(sqs, dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == count;
        });
        return bodies;
    }

    private static List<ListMessageMoveTasksResultEntry> tasks(String dlqName) {
        return sqs.listMessageMoveTasks(b -> b.sourceArn(arn(dlqName)).maxResults(10)).results();
    }

    private static ListMessageMoveTasksResultEntry latest(String dlqName) {
        List<ListMessageMoveTasksResultEntry> results = sqs.listMessageMoveTasks(b -> b.sourceArn(arn(dlqName))).results();
        assertEquals(1, results.size(), "by default only the most recent task: " + results);
        return results.get(0);
    }

    private static ListMessageMoveTasksResultEntry awaitStatus(String dlqName, String status) {
        List<ListMessageMoveTasksResultEntry> last = new ArrayList<>();
        SqsClients.await(PATIENCE, "task status " + status + ", last seen " + last, () -> {
            last.clear();
            last.add(latest(dlqName));
            return status.equals(last.get(0).status());
        });
        return last.get(0);
    }

    /** Receives and deletes every message of a queue; fails on a duplicate. */
    private static Set<String> drain(String url, int expected) {
        Set<String> bodies = new HashSet<>();
        SqsClients.await(PATIENCE, expected + " messages in " + url + ", got " + bodies.size(), () -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                assertTrue(bodies.add(m.body()), "received twice: " + m.body());
                Fifo.delete(sqs, url, m);
            }
            return bodies.size() >= expected;
        });
        return bodies;
    }

    @Test
    void aTaskWithoutDestinationMovesTheMessagesBackToTheirSource() {
        String[] q = dlqWithSource("back");
        Set<String> bodies = deadLetter(q[0], q[1], 20);
        String source = server.queueUrl(q[0]);
        sqs.setQueueAttributes(b -> b.queueUrl(source).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(q[1], 5))));

        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).maxNumberOfMessagesPerSecond(5)).taskHandle();
        assertNotNull(handle);
        ListMessageMoveTasksResultEntry running = latest(q[1]);
        assertEquals("RUNNING", running.status(), "right after the start, at 5 messages per second: " + running);
        assertEquals(handle, running.taskHandle());
        assertEquals(arn(q[1]), running.sourceArn());
        assertNull(running.destinationArn(), "no DestinationArn was given");
        assertEquals(5, running.maxNumberOfMessagesPerSecond());
        assertEquals(20L, running.approximateNumberOfMessagesToMove());
        assertTrue(running.approximateNumberOfMessagesMoved() < 20, "not done at once: " + running);
        assertTrue(running.startedTimestamp() > 0);

        ListMessageMoveTasksResultEntry done = awaitStatus(q[1], "COMPLETED");
        assertEquals(20L, done.approximateNumberOfMessagesMoved());
        assertNull(done.taskHandle(), "TaskHandle is only listed for RUNNING tasks");
        assertEquals(bodies, drain(source, 20));
        assertEquals(0, Fifo.count(sqs, server.queueUrl(q[1]), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void aTaskWithADestinationMovesTheMessagesThere() {
        String[] q = dlqWithSource("dest");
        String dlq = server.queueUrl(q[1]);
        Set<String> bodies = sendBatch(dlq, "direct", 15);
        String destName = uniqueName("dest-target");
        String dest = createQueue(sqs, destName, Map.of());

        sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).destinationArn(arn(destName)));
        ListMessageMoveTasksResultEntry done = awaitStatus(q[1], "COMPLETED");
        assertEquals(arn(destName), done.destinationArn());
        assertNull(done.maxNumberOfMessagesPerSecond(), "no rate was given");
        assertEquals(15L, done.approximateNumberOfMessagesMoved());
        assertEquals(15L, done.approximateNumberOfMessagesToMove());
        assertEquals(bodies, drain(dest, 15));
        assertEquals(0, Fifo.count(sqs, dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, Fifo.count(sqs, server.queueUrl(q[0]), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                "nothing went to the original source");
    }

    @Test
    void onlyOneTaskRunsPerQueueAndARunningTaskCanBeCancelled() {
        String[] q = dlqWithSource("cancel");
        String dlq = server.queueUrl(q[1]);
        sendBatch(dlq, "slow", 30);
        String destName = uniqueName("cancel-target");
        String dest = createQueue(sqs, destName, Map.of());

        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).destinationArn(arn(destName))
                .maxNumberOfMessagesPerSecond(1)).taskHandle();
        SqsException second = assertThrows(SqsException.class,
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).destinationArn(arn(destName))));
        assertEquals(400, second.statusCode(), () -> "a second task while one runs: " + second.awsErrorDetails());

        CancelMessageMoveTaskResponse cancelled = sqs.cancelMessageMoveTask(b -> b.taskHandle(handle));
        assertNotNull(cancelled.approximateNumberOfMessagesMoved());
        assertTrue(cancelled.approximateNumberOfMessagesMoved() < 30, "cancelled before the end: " + cancelled);
        String status = latest(q[1]).status();
        assertTrue(status.equals("CANCELLING") || status.equals("CANCELLED"), status);
        ListMessageMoveTasksResultEntry end = awaitStatus(q[1], "CANCELLED");
        long moved = end.approximateNumberOfMessagesMoved();
        assertTrue(moved >= cancelled.approximateNumberOfMessagesMoved() && moved < 30, "moved " + moved);

        SqsClients.sleep(Duration.ofSeconds(2));
        assertEquals(moved, Fifo.count(sqs, dest, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "no more moved after CANCELLED");
        assertEquals(30 - moved, Fifo.count(sqs, dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "the rest stays");

        SqsException again = assertThrows(SqsException.class, () -> sqs.cancelMessageMoveTask(b -> b.taskHandle(handle)));
        assertTrue(again.statusCode() == 400 || again.statusCode() == 404, () -> "cancel of a cancelled task: " + again.awsErrorDetails());

        sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).destinationArn(arn(destName)));
        awaitStatus(q[1], "COMPLETED");
        assertEquals(2, tasks(q[1]).size(), "both tasks are listed with MaxResults 10");
        assertEquals(30, drain(dest, 30).size());
    }

    @Test
    void aQueueThatIsNoDeadLetterQueueCannotBeTheSource() {
        String plain = uniqueName("not-a-dlq");
        createQueue(sqs, plain, Map.of());
        String dest = uniqueName("nowhere");
        createQueue(sqs, dest, Map.of());
        expectInvalidParameter(() -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(plain)).destinationArn(arn(dest))));
        assertTrue(tasks(plain).isEmpty());
    }

    @Test
    void unknownQueuesAndHandlesAreResourceNotFound() {
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 404,
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(uniqueName("missing")))));
        String[] q = dlqWithSource("missing-dest");
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 404,
                () -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).destinationArn(arn(uniqueName("missing")))));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 404,
                () -> sqs.cancelMessageMoveTask(b -> b.taskHandle("bm90LWEtdGFzay1oYW5kbGU=")));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 404,
                () -> sqs.listMessageMoveTasks(b -> b.sourceArn(arn(uniqueName("missing")))));
    }

    @Test
    void theRateIsAtMost500MessagesPerSecond() {
        String[] q = dlqWithSource("rate");
        expectInvalidParameter(() -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).maxNumberOfMessagesPerSecond(501)));
        expectInvalidParameter(() -> sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).maxNumberOfMessagesPerSecond(0)));
        assertTrue(tasks(q[1]).isEmpty(), "no task was started");
    }

    @Test
    void aRunningTaskGoesOnAfterARestart() {
        String[] q = dlqWithSource("restart");
        Set<String> bodies = sendBatch(server.queueUrl(q[1]), "durable", 20);
        String destName = uniqueName("restart-target");
        createQueue(sqs, destName, Map.of());
        sqs.startMessageMoveTask(b -> b.sourceArn(arn(q[1])).destinationArn(arn(destName)).maxNumberOfMessagesPerSecond(4));
        List<Long> before = new ArrayList<>();
        SqsClients.await(PATIENCE, "some messages moved", () -> {
            ListMessageMoveTasksResultEntry e = latest(q[1]);
            before.add(e.approximateNumberOfMessagesMoved());
            return e.approximateNumberOfMessagesMoved() >= 2;
        });
        long movedBefore = before.get(before.size() - 1);

        sqs.close();
        server = server.restart();
        sqs = SqsClients.sync(server.endpoint());

        ListMessageMoveTasksResultEntry after = latest(q[1]);
        assertTrue(after.status().equals("RUNNING") || after.status().equals("COMPLETED"), "after the restart: " + after);
        assertTrue(after.approximateNumberOfMessagesMoved() >= movedBefore, "progress kept: " + after + " after " + movedBefore);
        assertEquals(20L, after.approximateNumberOfMessagesToMove());
        ListMessageMoveTasksResultEntry done = awaitStatus(q[1], "COMPLETED");
        assertEquals(20L, done.approximateNumberOfMessagesMoved());
        assertEquals(bodies, drain(server.queueUrl(destName), 20));
        assertTrue(Fifo.receive(sqs, server.queueUrl(destName), 10).isEmpty(), "no message was moved twice");
        assertEquals(0, Fifo.count(sqs, server.queueUrl(q[1]), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
