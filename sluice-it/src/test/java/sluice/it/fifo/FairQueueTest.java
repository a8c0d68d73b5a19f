package sluice.it.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import sluice.it.sqs.SqsClients;
import sluice.testkit.SluiceTestServer;

/**
 * Fair queues ("Amazon SQS fair queues" in the Developer Guide): a standard queue whose messages
 * carry a MessageGroupId mitigates the noisy neighbour, so a tenant with a huge backlog does not
 * delay a quiet tenant's few messages; unlike FIFO, groups are not locked. One asynchronous client
 * sends the backlog in batches, several at a time.
 */
class FairQueueTest {
    private static final int NOISY = 10_000;
    private static final int QUIET = 10;

    private static SluiceTestServer server;
    private static SqsAsyncClient sqs;

    @BeforeAll
    static void start() {
        server = SluiceTestServer.start();
        sqs = SqsClients.asyncBuilder(server.endpoint())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(16)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60)).readTimeout(Duration.ofSeconds(60)))
                .build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    private static String createQueue(String prefix) {
        return sqs.createQueue(b -> b.queueName(SqsClients.uniqueName(prefix))).join().queueUrl();
    }

    /** Sends {@code count} messages of {@code group} in batches of ten, up to 16 batches in flight. */
    private static void sendGroup(String url, String group, int count) {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<SendMessageBatchResponse>> sent = new ArrayList<>();
        for (int start = 0; start < count; start += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageGroupId(group)
                        .messageBody(group + "-" + i).build());
            }
            inFlight.acquireUninterruptibly();
            sent.add(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).whenComplete((r, e) -> inFlight.release()));
        }
        for (CompletableFuture<SendMessageBatchResponse> f : sent) {
            SendMessageBatchResponse r = f.join();
            assertTrue(r.failed().isEmpty(), () -> "failed entries: " + r.failed());
        }
    }

    private static List<Message> receiveAndDelete(String url) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).join().messages();
        if (!got.isEmpty()) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < got.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(got.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).join();
            assertTrue(deleted.failed().isEmpty(), () -> "failed deletes: " + deleted.failed());
        }
        return got;
    }

    @Test
    void aQuietGroupIsNotStuckBehindANoisyGroupsBacklog() {
        String url = createQueue("fair");
        sendGroup(url, "noisy", NOISY);
        sendGroup(url, "quiet", QUIET);
        assertEquals(Integer.toString(NOISY + QUIET), sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).join()
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));

        Set<String> quiet = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (int receive = 0; receive < 3; receive++) {
            List<Message> got = receiveAndDelete(url);
            sizes.add(got.size());
            for (Message m : got) {
                String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
                assertTrue(m.body().startsWith(group + "-"), "group " + group + " of " + m.body());
                if (group.equals("quiet")) {
                    quiet.add(m.body());
                }
            }
        }
        assertEquals(QUIET, quiet.size(), "quiet messages within the first three receives (of sizes " + sizes + "): " + quiet);
    }

    @Test
    void aFairQueueDoesNotLockGroupsLikeAFifoQueue() {
        String url = createQueue("fair-nolock");
        sendGroup(url, "tenant", 5);
        List<Message> first = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).visibilityTimeout(600))
                .join().messages();
        assertEquals(1, first.size());
        Set<String> rest = new HashSet<>();
        for (int i = 0; i < 10 && rest.size() < 4; i++) {
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(600).waitTimeSeconds(1))
                    .join().messages().forEach(m -> rest.add(m.body()));
        }
        assertEquals(4, rest.size(), "the other messages of the group while one is in flight: " + rest);
    }

    @Test
    void everyMessageOfEveryGroupIsDeliveredExactlyOnce() {
        String url = createQueue("fair-all");
        sendGroup(url, "a", 120);
        sendGroup(url, "b", 30);
        for (int i = 0; i < 7; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("nogroup-" + n)).join();
        }
        Set<String> bodies = new HashSet<>();
        int total = 0;
        for (int round = 0; round < 100 && total < 157; round++) {
            for (Message m : receiveAndDelete(url)) {
                assertTrue(bodies.add(m.body()), "received twice: " + m.body());
                total++;
            }
        }
        assertEquals(157, bodies.size());
    }
}
