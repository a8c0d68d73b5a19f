package sluice.it.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sqs.SqsClients.createQueue;
import static sluice.it.sqs.SqsClients.uniqueName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import sluice.testkit.SluiceProcess;

/**
 * Ten thousand long polls parked at once, each on its own HTTP/1.1 connection, as that many SDK
 * consumers would: some are served by sends, the rest end empty when their wait runs out, and
 * none fails. The server runs in its own JVM ({@link SluiceProcess}) because 10,000 loopback
 * connections are 20,000 sockets, more than one process may open here (ulimit -n is 20,000).
 */
@Tag("slow")
class SqsManyLongPollsTest {
    private static final int POLLS = 10_000;
    private static final int SENT = 500;

    @TempDir
    Path dataDir;

    @Test
    void tenThousandConcurrentLongPollsAllComplete() throws Exception {
        try (SluiceProcess process = SluiceProcess.start(dataDir);
             SqsClient sqs = SqsClients.sync(process.endpoint());
             SqsAsyncClient async = SqsClients.async(process.endpoint(), POLLS)) {
            String url = createQueue(sqs, uniqueName("crowd"), Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "3600"));

            List<CompletableFuture<ReceiveMessageResponse>> polls = new ArrayList<>(POLLS);
            for (int i = 0; i < POLLS; i++) {
                polls.add(async.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)));
            }
            SqsClients.sleep(Duration.ofSeconds(1));
            for (int batch = 0; batch < SENT / 10; batch++) {
                int first = batch * 10;
                sqs.sendMessageBatch(b -> b.queueUrl(url).entries(IntStream.range(first, first + 10)
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("message-" + i).build())
                        .toList()));
            }

            try {
                CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new))
                        .exceptionally(e -> null)
                        .get(5, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                long pending = polls.stream().filter(f -> !f.isDone()).count();
                throw new AssertionError(pending + " of " + POLLS + " long polls never completed", e);
            }
            List<Throwable> failures = new ArrayList<>();
            Set<String> bodies = new HashSet<>();
            int received = 0;
            for (CompletableFuture<ReceiveMessageResponse> poll : polls) {
                if (poll.isCompletedExceptionally()) {
                    poll.handle((r, e) -> failures.add(e));
                    continue;
                }
                for (Message m : poll.join().messages()) {
                    received++;
                    bodies.add(m.body());
                }
            }
            assertTrue(failures.isEmpty(), () -> failures.size() + " long polls failed, the first: " + failures.get(0));
            assertEquals(SENT, received, "every message delivered to exactly one long poll");
            assertEquals(SENT, bodies.size());
            assertEquals(String.valueOf(SENT), SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            assertEquals("0", SqsClients.attribute(sqs, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        }
    }
}
