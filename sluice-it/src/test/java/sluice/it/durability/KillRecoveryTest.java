package sluice.it.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import sluice.it.sqs.SqsClients;
import sluice.testkit.SluiceProcess;

/**
 * The durability contract end to end: clients send, receive and delete while the server is killed
 * with SIGKILL (no shutdown hook, no flush). After a restart on the same data directory every
 * acknowledged, undeleted message must be receivable, no acknowledged delete may come back, and
 * the queue with its attributes and tags must be there.
 */
@Tag("slow")
class KillRecoveryTest {
    private static final int PRODUCERS = 3;
    private static final int CONSUMERS = 2;

    @TempDir
    Path dataDir;

    private static SqsClient client(URI endpoint) {
        return SqsClients.builder(endpoint)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Set<String> acknowledgedSends = ConcurrentHashMap.newKeySet();
        Set<String> acknowledgedDeletes = ConcurrentHashMap.newKeySet();
        // deletes sent whose answer may have been cut off by the kill: applied or not, either is right
        Set<String> attemptedDeletes = ConcurrentHashMap.newKeySet();
        String queueUrl;
        try (SluiceProcess server = SluiceProcess.start(dataDir); SqsClient sqs = client(server.endpoint())) {
            queueUrl = sqs.createQueue(b -> b.queueName("durable").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "7", QueueAttributeName.DELAY_SECONDS, "0"))
                    .tags(Map.of("team", "payments"))).queueUrl();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong counter = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
            for (int p = 0; p < PRODUCERS; p++) {
                clients.submit(() -> produce(sqs, queueUrlOf(sqs), running, counter, acknowledgedSends));
            }
            for (int c = 0; c < CONSUMERS; c++) {
                clients.submit(() -> consume(sqs, queueUrlOf(sqs), running, attemptedDeletes, acknowledgedDeletes));
            }
            waitUntil(() -> acknowledgedSends.size() >= 2_000 && acknowledgedDeletes.size() >= 200, Duration.ofSeconds(60));
            server.kill();
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "clients stop once the server is gone");
        }
        assertTrue(acknowledgedSends.size() >= 2_000, "the workload ran before the kill");

        try (SluiceProcess server = SluiceProcess.start(dataDir); SqsClient sqs = client(server.endpoint())) {
            String url = sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
            assertEquals(queueUrl.substring(queueUrl.indexOf("/000000000000/")), url.substring(url.indexOf("/000000000000/")));
            Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributesAsStrings();
            assertEquals("7", attributes.get("VisibilityTimeout"));
            assertEquals(Map.of("team", "payments"), sqs.listQueueTags(b -> b.queueUrl(url)).tags());

            Set<String> remaining = drain(sqs, url);
            List<String> resurrected = new ArrayList<>();
            for (String body : acknowledgedDeletes) {
                if (remaining.contains(body)) {
                    resurrected.add(body);
                }
            }
            assertEquals(List.of(), resurrected, "acknowledged deletes must not come back");
            List<String> lost = new ArrayList<>();
            for (String body : acknowledgedSends) {
                if (!attemptedDeletes.contains(body) && !remaining.contains(body)) {
                    lost.add(body);
                }
            }
            assertEquals(List.of(), lost.stream().limit(20).toList(), "acknowledged messages lost: " + lost.size());
        }
    }

    private static String queueUrlOf(SqsClient sqs) {
        return sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
    }

    private static void produce(SqsClient sqs, String url, AtomicBoolean running, AtomicLong counter, Set<String> acked) {
        try {
            while (running.get()) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("e" + i)
                            .messageBody("message-" + counter.incrementAndGet()).build());
                }
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                Set<String> okIds = new HashSet<>();
                response.successful().forEach(s -> okIds.add(s.id()));
                for (SendMessageBatchRequestEntry e : entries) {
                    if (okIds.contains(e.id())) {
                        acked.add(e.messageBody());
                    }
                }
            }
        } catch (RuntimeException serverGone) {
            // expected once the server is killed
        }
    }

    private static void consume(SqsClient sqs, String url, AtomicBoolean running, Set<String> attemptedDeletes,
                                Set<String> ackedDeletes) {
        try {
            while (running.get()) {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (messages.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + i).receiptHandle(messages.get(i).receiptHandle()).build());
                    attemptedDeletes.add(messages.get(i).body());
                }
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
                response.successful().forEach(s -> ackedDeletes.add(messages.get(Integer.parseInt(s.id().substring(1))).body()));
            }
        } catch (RuntimeException serverGone) {
            // expected once the server is killed
        }
    }

    /** Receives every message left (in-flight ones are visible again after the restart). */
    private static Set<String> drain(SqsClient sqs, String url) {
        Set<String> bodies = new HashSet<>();
        int emptyInARow = 0;
        while (emptyInARow < 3) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .visibilityTimeout(600).waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                emptyInARow++;
            } else {
                emptyInARow = 0;
                batch.forEach(m -> bodies.add(m.body()));
            }
        }
        return bodies;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

}
