package sluice.core.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sluice.api.sns.SnsContext;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.api.sqs.SqsRequest;
import sluice.common.Arn;
import sluice.common.ManualClock;
import sluice.common.Randomness;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.delivery.QueueDelivery;
import sluice.core.storage.MemoryEngine;

/**
 * What the black-box tests cannot drive: time (the five-minute deduplication window), deliveries
 * that are slow to become durable, and recovery from records a crash left behind.
 */
class SnsServiceTest {
    private static final SnsContext CTX = new SnsContext(new Scope("000000000000", "us-east-1"), "http://localhost:4566");
    private static final long SEED = 42;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final MemoryEngine engine = new MemoryEngine();
    private final Lanes lanes = new Lanes(2);
    private final RecordingQueues queues = new RecordingQueues();
    private SnsService sns;

    /** Records every delivery; completes each at once unless told to hold them. */
    static final class RecordingQueues implements QueueDelivery {
        final List<SqsRequest.SendEntry> delivered = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<String>> held = new CopyOnWriteArrayList<>();
        volatile boolean hold;

        @Override
        public CompletableFuture<String> deliver(Arn queueArn, SqsRequest.SendEntry message) {
            delivered.add(message);
            if (!hold) {
                return CompletableFuture.completedFuture("id");
            }
            CompletableFuture<String> future = new CompletableFuture<>();
            held.add(future);
            return future;
        }
    }

    @BeforeEach
    void start() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        SigningIdentity identity = new SigningIdentity(generator.generateKeyPair().getPrivate(), "not a real certificate");
        sns = new SnsService(engine, lanes, clock, Randomness.seeded(SEED), queues, identity);
    }

    @AfterEach
    void stop() {
        lanes.close();
    }

    private SnsResult run(SnsRequest request) {
        return sns.execute(CTX, request).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private String fifoTopicWithQueue() {
        String topic = ((SnsResult.TopicArn) run(new SnsRequest.CreateTopic("t.fifo", Map.of("FifoTopic", "true"),
                List.of(), null))).topicArn();
        run(new SnsRequest.Subscribe(topic, "sqs", "arn:aws:sqs:us-east-1:000000000000:q.fifo", Map.of(), null));
        return topic;
    }

    private static SnsRequest.Publish publish(String topic, String message, String group, String dedup) {
        return new SnsRequest.Publish(topic, null, null, new SnsRequest.PublishEntry(message, null, null, Map.of(), dedup, group));
    }

    @Test
    void theDeduplicationWindowIsFiveMinutes() {
        String topic = fifoTopicWithQueue();
        SnsResult.Publish first = (SnsResult.Publish) run(publish(topic, "a", "g", "d"));
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        SnsResult.Publish duplicate = (SnsResult.Publish) run(publish(topic, "b", "g", "d"));
        assertEquals(first, duplicate);
        assertEquals(1, queues.delivered.size());
        clock.advance(Duration.ofSeconds(1));
        SnsResult.Publish later = (SnsResult.Publish) run(publish(topic, "c", "g", "d"));
        assertNotEquals(first.messageId(), later.messageId());
        assertTrue(later.sequenceNumber().compareTo(first.sequenceNumber()) > 0);
        assertEquals(2, queues.delivered.size());
        assertEquals("d", queues.delivered.get(1).messageDeduplicationId());
        assertEquals("g", queues.delivered.get(1).messageGroupId());
    }

    @Test
    void theDeduplicationWindowSurvivesARestartAndItsRecordsExpire() {
        String topic = fifoTopicWithQueue();
        SnsResult.Publish first = (SnsResult.Publish) run(publish(topic, "a", "g", "d"));
        assertEquals(1, dedupRecords());
        clock.advance(Duration.ofMinutes(2));
        SnsService restarted = new SnsService(engine, lanes, clock, Randomness.seeded(SEED), queues,
                new SigningIdentity(keyOf(), "pem"));
        SnsResult.Publish duplicate = (SnsResult.Publish) restarted.execute(CTX, publish(topic, "b", "g", "d")).join();
        assertEquals(first, duplicate);
        assertEquals(1, queues.delivered.size());
        clock.advance(Duration.ofMinutes(3));
        SnsResult.Publish later = (SnsResult.Publish) restarted.execute(CTX, publish(topic, "c", "g", "e")).join();
        assertTrue(later.sequenceNumber().compareTo(first.sequenceNumber()) > 0);
        assertEquals(1, dedupRecords(), "the expired key's record is deleted, the new one written");
        clock.advance(Duration.ofMinutes(6));
        new SnsService(engine, lanes, clock, Randomness.seeded(SEED), queues, new SigningIdentity(keyOf(), "pem"));
        assertEquals(0, dedupRecords(), "recovery drops expired keys");
    }

    private long dedupRecords() {
        return engine.records(SnsRecords.NAMESPACE).keySet().stream().filter(SnsRecords::isDedupKey).count();
    }

    @Test
    void publishAnswersOnlyOnceEveryDeliveryIsDurable() {
        String topic = fifoTopicWithQueue();
        queues.hold = true;
        CompletableFuture<SnsResult> answer = sns.execute(CTX, publish(topic, "a", "g", "d1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queues.held.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, queues.held.size());
        assertFalse(answer.isDone());
        queues.held.get(0).complete("id");
        assertTrue(answer.orTimeout(10, TimeUnit.SECONDS).join() instanceof SnsResult.Publish);
    }

    @Test
    void deliveriesReachTheQueuesInPublishOrder() {
        String topic = fifoTopicWithQueue();
        List<CompletableFuture<SnsResult>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(sns.execute(CTX, publish(topic, "m" + i, "g", "d" + i)));
        }
        answers.forEach(a -> a.orTimeout(10, TimeUnit.SECONDS).join());
        for (int i = 0; i < 50; i++) {
            assertTrue(queues.delivered.get(i).messageBody().contains("\"Message\" : \"m" + i + "\""));
        }
    }

    @Test
    void recoveryDropsSubscriptionsWhoseTopicIsGone() {
        String topic = fifoTopicWithQueue();
        long topicId = 1;
        engine.putRecord(SnsRecords.NAMESPACE, SnsRecords.subscriptionKey(99, "orphan"),
                SnsRecords.encode(new SubscriptionRecord(topic + ":orphan", 99, topic, "sqs", "arn:aws:sqs:us-east-1:0:q",
                        "000000000000", Map.of(), false, "t", true))).join();
        assertTrue(engine.records(SnsRecords.NAMESPACE).containsKey(SnsRecords.subscriptionKey(99, "orphan")));
        SnsService recovered = new SnsService(engine, lanes, clock, Randomness.seeded(SEED), queues,
                new SigningIdentity(keyOf(), "pem"));
        assertFalse(engine.records(SnsRecords.NAMESPACE).containsKey(SnsRecords.subscriptionKey(99, "orphan")));
        SnsResult.Subscriptions listed = (SnsResult.Subscriptions) recovered.execute(CTX,
                new SnsRequest.ListSubscriptionsByTopic(topic, null)).join();
        assertEquals(1, listed.subscriptions().size());
        assertTrue(engine.records(SnsRecords.NAMESPACE).containsKey(SnsRecords.topicKey(topicId)));
    }

    private static java.security.PrivateKey keyOf() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordsRoundTrip() {
        TopicRecord topic = new TopicRecord(7, "000000000000", "us-east-1", "t", Map.of("DisplayName", "\u00e9"),
                Map.of("k", "v"), "{\"p\":1}", 123);
        assertEquals(topic, SnsRecords.decodeTopic(SnsRecords.encode(topic)));
        SubscriptionRecord subscription = new SubscriptionRecord("arn:aws:sns:us-east-1:000000000000:t:u", 7,
                "arn:aws:sns:us-east-1:000000000000:t", "https", "https://x", "000000000000",
                Map.of("RawMessageDelivery", "true"), true, "tok", false);
        assertEquals(subscription, SnsRecords.decodeSubscription(SnsRecords.encode(subscription)));
        assertTrue(SnsRecords.isTopicKey(SnsRecords.topicKey(7)));
        assertTrue(SnsRecords.isSubscriptionKey(SnsRecords.subscriptionKey(7, "u")));
        assertFalse(SnsRecords.isSubscriptionKey(SnsRecords.topicKey(7)));
    }

    @Test
    void theStringToSignIsAwssDocumentedOne() {
        assertEquals("Message\nhi\nMessageId\nid\nSubject\ns\nTimestamp\nts\nTopicArn\narn\nType\nNotification\n",
                NotificationSigner.stringToSign("hi", "id", "s", "ts", "arn"));
        assertEquals("Message\nhi\nMessageId\nid\nTimestamp\nts\nTopicArn\narn\nType\nNotification\n",
                NotificationSigner.stringToSign("hi", "id", null, "ts", "arn"));
    }

    private Map<String, String> topicAttributes(String topic) {
        return ((SnsResult.Attributes) run(new SnsRequest.GetTopicAttributes(topic))).attributes();
    }

    @Test
    void pendingSubscriptionsAreDeletedAfter48HoursAndCountedAsDeletedFor48More() {
        String topic = ((SnsResult.TopicArn) run(new SnsRequest.CreateTopic("pending", Map.of(), List.of(), null))).topicArn();
        run(new SnsRequest.Subscribe(topic, "email", "someone@example.com", Map.of(), null));
        clock.advance(Duration.ofHours(48).minusSeconds(1));
        sns.expireSubscriptions().orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals("1", topicAttributes(topic).get("SubscriptionsPending"));
        assertEquals("0", topicAttributes(topic).get("SubscriptionsDeleted"));

        clock.advance(Duration.ofSeconds(1));
        sns.expireSubscriptions().orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals("0", topicAttributes(topic).get("SubscriptionsPending"));
        assertEquals("1", topicAttributes(topic).get("SubscriptionsDeleted"));

        sns = new SnsService(engine, lanes, clock, Randomness.seeded(SEED), queues, new SigningIdentity(keyOf(), "pem"));
        assertEquals("1", topicAttributes(topic).get("SubscriptionsDeleted"), "the count survives a restart");
        clock.advance(Duration.ofHours(48));
        assertEquals("0", topicAttributes(topic).get("SubscriptionsDeleted"));
        sns.expireSubscriptions().orTimeout(10, TimeUnit.SECONDS).join();
        assertTrue(engine.records(SnsRecords.NAMESPACE).keySet().stream().noneMatch(SnsRecords::isDeletionKey),
                "forgotten deletions leave no record");
    }
}
