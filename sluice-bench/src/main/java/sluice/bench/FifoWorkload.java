package sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The FIFO workload: producers send SendMessageBatch of {@code batchSize} messages, each batch to one
 * message group, round-robin over the groups the producer owns (group g belongs to producer
 * g mod producers, so every group has one writer and a well-defined send order); each body carries
 * its group and a per-group sequence counter. A failed batch is resent with the same
 * MessageDeduplicationIds, so the counters of a group have no gaps. Consumers ReceiveMessage +
 * DeleteMessageBatch and verify, per group, that counters arrive in order.
 *
 * <p>Order check per group, done before the delete (so the next batch of that group cannot be
 * handed to another consumer before it is checked): {@code c == lastSeen + 1} is in order; a
 * redelivery is allowed only when it restarts at the next expected counter, the first one not yet
 * deleted ({@code c == lastDeleted + 1}); anything else is an order violation.
 */
final class FifoWorkload {
    private final SqsClient client;
    private final String queueUrl;
    private final int producers;
    private final int consumers;
    private final int groups;
    private final int messageBytes;
    private final int batchSize;
    private final int waitTimeSeconds;
    private final String runId;

    private final GroupState[] state;
    private volatile boolean measuring;
    private volatile boolean stopping;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong receiveErrors = new AtomicLong();
    final AtomicLong deleteErrors = new AtomicLong();
    final AtomicLong emptyReceives = new AtomicLong();
    final AtomicLong violations = new AtomicLong();
    final AtomicLong redeliveries = new AtomicLong();
    final AtomicLong badBodies = new AtomicLong();
    final AtomicLong totalSent = new AtomicLong();
    final AtomicLong totalDeleted = new AtomicLong();
    final List<String> violationSamples = new ArrayList<>();
    final List<String> errorSamples = new ArrayList<>();

    final LatencyHistogram sendLatency = new LatencyHistogram();
    final LatencyHistogram receiveLatency = new LatencyHistogram();
    final LatencyHistogram deleteLatency = new LatencyHistogram();

    private static final class GroupState {
        long lastSeen;    // highest counter handed to a consumer and checked (0: none yet)
        long lastDeleted; // highest counter whose delete succeeded
    }

    FifoWorkload(SqsClient client, String queueUrl, int producers, int consumers, int groups, int messageBytes,
                 int batchSize, int waitTimeSeconds, String runId) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.producers = producers;
        this.consumers = consumers;
        this.groups = groups;
        this.messageBytes = messageBytes;
        this.batchSize = batchSize;
        this.waitTimeSeconds = waitTimeSeconds;
        this.runId = runId;
        this.state = new GroupState[groups];
        for (int i = 0; i < groups; i++) {
            state[i] = new GroupState();
        }
    }

    /** Runs warm-up then the measured phase; returns the measured duration in nanoseconds. */
    long run(long warmupMillis, long measureMillis) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<LatencyHistogram[]> perThread = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            LatencyHistogram h = new LatencyHistogram();
            perThread.add(new LatencyHistogram[] {h, null, null});
            threads.add(Thread.ofPlatform().name("fifo-producer-" + p).unstarted(() -> produce(id, h)));
        }
        for (int c = 0; c < consumers; c++) {
            LatencyHistogram r = new LatencyHistogram();
            LatencyHistogram d = new LatencyHistogram();
            perThread.add(new LatencyHistogram[] {null, r, d});
            threads.add(Thread.ofPlatform().name("fifo-consumer-" + c).unstarted(() -> consume(r, d)));
        }
        threads.forEach(Thread::start);
        Thread.sleep(warmupMillis);
        long start = System.nanoTime();
        measuring = true;
        Thread.sleep(measureMillis);
        measuring = false;
        long elapsed = System.nanoTime() - start;
        stopping = true;
        for (Thread t : threads) {
            t.join(60_000);
            if (t.isAlive()) {
                t.interrupt();
                t.join(10_000);
            }
        }
        for (LatencyHistogram[] hs : perThread) {
            if (hs[0] != null) {
                sendLatency.add(hs[0]);
            }
            if (hs[1] != null) {
                receiveLatency.add(hs[1]);
            }
            if (hs[2] != null) {
                deleteLatency.add(hs[2]);
            }
        }
        return elapsed;
    }

    private void produce(int producer, LatencyHistogram latency) {
        List<Integer> mine = new ArrayList<>();
        for (int g = producer; g < groups; g += producers) {
            mine.add(g);
        }
        long[] next = new long[groups];
        int turn = 0;
        while (!stopping && !mine.isEmpty()) {
            int group = mine.get(turn++ % mine.size());
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                long seq = ++next[group];
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(body(group, seq))
                        .messageGroupId(groupId(group))
                        .messageDeduplicationId(runId + "-" + group + "-" + seq)
                        .build());
            }
            SendMessageBatchRequest request = SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
            // resend the same batch (same deduplication ids) until it is accepted whole, so a group's
            // counters have no gaps; give up only when the run is over
            while (true) {
                boolean m = measuring;
                long t0 = System.nanoTime();
                try {
                    SendMessageBatchResponse response = client.sendMessageBatch(request);
                    long t = System.nanoTime() - t0;
                    if (m) {
                        latency.record(t);
                    }
                    if (response.failed().isEmpty()) {
                        totalSent.addAndGet(batchSize);
                        if (m) {
                            sent.addAndGet(batchSize);
                        }
                        break;
                    }
                    sendErrors.incrementAndGet();
                    sample(errorSamples, "SendMessageBatch entry failed: " + response.failed().get(0));
                } catch (RuntimeException e) {
                    sendErrors.incrementAndGet();
                    sample(errorSamples, "SendMessageBatch: " + e);
                }
                if (stopping) {
                    return;
                }
                pause();
            }
        }
    }

    private void consume(LatencyHistogram receiveHist, LatencyHistogram deleteHist) {
        ReceiveMessageRequest receive = ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(waitTimeSeconds).build();
        while (!stopping) {
            boolean m = measuring;
            long t0 = System.nanoTime();
            List<Message> messages;
            try {
                messages = client.receiveMessage(receive).messages();
            } catch (RuntimeException e) {
                receiveErrors.incrementAndGet();
                sample(errorSamples, "ReceiveMessage: " + e);
                pause();
                continue;
            }
            long t = System.nanoTime() - t0;
            if (m) {
                receiveHist.record(t);
            }
            if (messages.isEmpty()) {
                if (m) {
                    emptyReceives.incrementAndGet();
                }
                continue;
            }
            if (m) {
                received.addAndGet(messages.size());
            }
            long[][] parsed = new long[messages.size()][];
            for (int i = 0; i < messages.size(); i++) {
                parsed[i] = parse(messages.get(i).body());
                if (parsed[i] == null) {
                    badBodies.incrementAndGet();
                    continue;
                }
                check((int) parsed[i][0], parsed[i][1]);
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchRequest delete = DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
            boolean dm = measuring;
            long d0 = System.nanoTime();
            try {
                DeleteMessageBatchResponse response = client.deleteMessageBatch(delete);
                long dt = System.nanoTime() - d0;
                if (dm) {
                    deleteHist.record(dt);
                }
                if (!response.failed().isEmpty()) {
                    deleteErrors.incrementAndGet();
                    sample(errorSamples, "DeleteMessageBatch entry failed: " + response.failed().get(0));
                }
                java.util.Set<String> failed = new java.util.HashSet<>();
                response.failed().forEach(f -> failed.add(f.id()));
                int ok = 0;
                for (int i = 0; i < messages.size(); i++) {
                    if (!failed.contains(Integer.toString(i)) && parsed[i] != null) {
                        ok++;
                        deletedUpTo((int) parsed[i][0], parsed[i][1]);
                    }
                }
                totalDeleted.addAndGet(ok);
                if (dm) {
                    deleted.addAndGet(ok);
                }
            } catch (RuntimeException e) {
                deleteErrors.incrementAndGet();
                sample(errorSamples, "DeleteMessageBatch: " + e);
            }
        }
    }

    private void check(int group, long counter) {
        if (group < 0 || group >= groups) {
            badBodies.incrementAndGet();
            return;
        }
        GroupState s = state[group];
        synchronized (s) {
            if (counter == s.lastSeen + 1) {
                s.lastSeen = counter;
            } else if (counter <= s.lastSeen && counter == s.lastDeleted + 1) {
                redeliveries.incrementAndGet();
                s.lastSeen = counter;
            } else {
                violations.incrementAndGet();
                sample(violationSamples, "group " + group + ": got " + counter + " after " + s.lastSeen
                        + " (last deleted " + s.lastDeleted + ")");
                s.lastSeen = Math.max(s.lastSeen, counter);
            }
        }
    }

    private void deletedUpTo(int group, long counter) {
        if (group < 0 || group >= groups) {
            return;
        }
        GroupState s = state[group];
        synchronized (s) {
            s.lastDeleted = Math.max(s.lastDeleted, counter);
        }
    }

    private static void sample(List<String> samples, String text) {
        synchronized (samples) {
            if (samples.size() < 5) {
                samples.add(text);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    static String groupId(int group) {
        return String.format("g%03d", group);
    }

    /** "g=007 s=0000000042 " padded with 'x' to {@code messageBytes} bytes. */
    String body(int group, long seq) {
        StringBuilder b = new StringBuilder(messageBytes);
        b.append("g=").append(group).append(" s=").append(seq).append(' ');
        while (b.length() < messageBytes) {
            b.append('x');
        }
        String s = b.toString();
        return s.getBytes(StandardCharsets.UTF_8).length > messageBytes ? s.substring(0, Math.max(s.indexOf(' ', s.indexOf("s=")) + 1, messageBytes)) : s;
    }

    /** {group, counter} from a body, or null when it is not one of ours. */
    static long[] parse(String body) {
        try {
            if (!body.startsWith("g=")) {
                return null;
            }
            int sp = body.indexOf(' ');
            int g = Integer.parseInt(body.substring(2, sp));
            int s0 = body.indexOf("s=", sp) + 2;
            int s1 = body.indexOf(' ', s0);
            long seq = Long.parseLong(body.substring(s0, s1));
            return new long[] {g, seq};
        } catch (RuntimeException e) {
            return null;
        }
    }
}
