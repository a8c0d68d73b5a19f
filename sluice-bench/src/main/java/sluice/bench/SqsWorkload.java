package sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One load phase against one queue: producer threads send batches of messages (closed loop, or
 * paced to a target rate), consumer threads receive (long polling) and delete what they got. Every
 * call is timed; calls that complete inside the measurement window (after the warm-up) are
 * counted in the throughput and latency figures, errors are counted over the whole phase.
 */
final class SqsWorkload {
    static final int SEND = 0;
    static final int RECEIVE = 1;
    static final int DELETE = 2;
    static final String[] CALL_NAMES = {"SendMessageBatch", "ReceiveMessage", "DeleteMessageBatch"};

    private static final int MAX_ERROR_SAMPLES = 3;
    private static final long ERROR_PAUSE_NANOS = 5_000_000L;

    private final SqsClient client;
    private final String queueUrl;
    private final int producers;
    private final int consumers;
    private final int messageBytes;
    private final int batchSize;
    private final int waitTimeSeconds;

    SqsWorkload(SqsClient client, String queueUrl, int producers, int consumers, int messageBytes, int batchSize, int waitTimeSeconds) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.producers = producers;
        this.consumers = consumers;
        this.messageBytes = messageBytes;
        this.batchSize = batchSize;
        this.waitTimeSeconds = waitTimeSeconds;
    }

    /** Per-thread counters; merged after the threads are joined. */
    static final class Stats {
        final LatencyHistogram[] latency = {new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()};
        /** SendMessageBatch latency measured from the paced schedule's intended start (paced phase only). */
        final LatencyHistogram sendFromSchedule = new LatencyHistogram();
        final long[] callsInWindow = new long[3];
        final long[] errors = new long[3];
        long sendEntryFailures;
        long deleteEntryFailures;
        long sentInWindow;
        long receivedInWindow;
        long deletedInWindow;
        long emptyReceivesInWindow;
        long sentTotal;
        long receivedTotal;
        long deletedTotal;
        final List<String> errorSamples = new ArrayList<>();

        void add(Stats o) {
            for (int i = 0; i < 3; i++) {
                latency[i].add(o.latency[i]);
                callsInWindow[i] += o.callsInWindow[i];
                errors[i] += o.errors[i];
            }
            sendFromSchedule.add(o.sendFromSchedule);
            sendEntryFailures += o.sendEntryFailures;
            deleteEntryFailures += o.deleteEntryFailures;
            sentInWindow += o.sentInWindow;
            receivedInWindow += o.receivedInWindow;
            deletedInWindow += o.deletedInWindow;
            emptyReceivesInWindow += o.emptyReceivesInWindow;
            sentTotal += o.sentTotal;
            receivedTotal += o.receivedTotal;
            deletedTotal += o.deletedTotal;
            for (String s : o.errorSamples) {
                if (errorSamples.size() < MAX_ERROR_SAMPLES && !errorSamples.contains(s)) {
                    errorSamples.add(s);
                }
            }
        }

        void error(int call, Exception e) {
            errors[call]++;
            String text = CALL_NAMES[call] + ": " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
            if (text.length() > 300) {
                text = text.substring(0, 300) + "...";
            }
            if (errorSamples.size() < MAX_ERROR_SAMPLES && !errorSamples.contains(text)) {
                errorSamples.add(text);
            }
        }

        long totalErrors() {
            return errors[SEND] + errors[RECEIVE] + errors[DELETE] + sendEntryFailures + deleteEntryFailures;
        }
    }

    /** The outcome of one phase. */
    record Result(Stats stats, double measuredSeconds, double targetSendRate, long leftVisible, long leftInFlight,
                  int hungThreads, CpuUse cpu) {
        double sendRate() {
            return stats.sentInWindow / measuredSeconds;
        }

        double deleteRate() {
            return stats.deletedInWindow / measuredSeconds;
        }

        double receiveRate() {
            return stats.receivedInWindow / measuredSeconds;
        }

        /** Messages sent over the whole phase that were neither deleted nor are still in the queue (negative: duplicates). */
        long unaccounted() {
            if (leftVisible < 0 || leftInFlight < 0) {
                return 0;
            }
            return stats.sentTotal - stats.deletedTotal - leftVisible - leftInFlight;
        }
    }

    /**
     * Processor time used during the measured window, in cores (CPU seconds per second): the
     * server process, this load generator, and every other process of the machine. Negative when
     * unknown.
     */
    record CpuUse(double server, double client, double others) {
        static CpuUse between(CpuSample a, CpuSample b) {
            double wall = (b.wallNanos - a.wallNanos);
            double server = a.server < 0 || b.server < 0 ? -1 : (b.server - a.server) / wall;
            double client = a.client < 0 || b.client < 0 ? -1 : (b.client - a.client) / wall;
            double machine = a.machine < 0 || b.machine < 0 ? -1 : (b.machine - a.machine) / wall;
            double others = machine < 0 || server < 0 || client < 0 ? -1 : Math.max(0, machine - server - client);
            return new CpuUse(server, client, others);
        }
    }

    record CpuSample(long wallNanos, long server, long client, long machine) {
        static CpuSample now(long serverPid) {
            return new CpuSample(System.nanoTime(), ProcessInfo.cpuNanos(serverPid), ProcessInfo.cpuNanos(ProcessHandle.current().pid()),
                    ProcessInfo.machineBusyNanos());
        }
    }

    /**
     * Runs the phase and returns when every thread has stopped: warm-up, then the measured window,
     * each bounded. {@code sendRate} is the total messages per second the producers are paced to,
     * or 0 for as fast as they can (closed loop).
     */
    Result run(Duration warmup, Duration measure, double sendRate, long serverPid) throws InterruptedException {
        long t0 = System.nanoTime() + 50_000_000L;
        long start = t0 + warmup.toNanos();
        long end = start + measure.toNanos();
        Stats[] stats = new Stats[producers + consumers];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < producers; i++) {
            int index = i;
            stats[i] = new Stats();
            threads.add(Thread.ofPlatform().name("producer-" + i).daemon(true)
                    .unstarted(() -> produce(index, stats[index], t0, start, end, sendRate)));
        }
        for (int i = 0; i < consumers; i++) {
            int index = producers + i;
            stats[index] = new Stats();
            threads.add(Thread.ofPlatform().name("consumer-" + i).daemon(true)
                    .unstarted(() -> consume(stats[index], start, end)));
        }
        threads.forEach(Thread::start);
        sleepUntil(start);
        CpuSample before = CpuSample.now(serverPid);
        sleepUntil(end);
        CpuSample after = CpuSample.now(serverPid);
        // a call in progress at the end finishes within the client's socket timeout (30 s)
        long deadline = end + Duration.ofSeconds(45).toNanos();
        int hung = 0;
        for (Thread t : threads) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            t.join(left);
            if (t.isAlive()) {
                hung++;
            }
        }
        Stats total = new Stats();
        if (hung == 0) {
            for (Stats s : stats) {
                total.add(s);
            }
        } else {
            total.errorSamples.add(hung + " load thread(s) still in a call 45 s after the end; their counts are left out");
            for (int i = 0; i < threads.size(); i++) {
                if (!threads.get(i).isAlive()) {
                    total.add(stats[i]);
                }
            }
        }
        long visible = -1;
        long inFlight = -1;
        try {
            GetQueueAttributesResponse attrs = client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            Map<QueueAttributeName, String> a = attrs.attributes();
            visible = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "-1"));
            inFlight = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "-1"));
        } catch (SdkException | NumberFormatException e) {
            total.errorSamples.add("GetQueueAttributes after the phase: " + e);
        }
        return new Result(total, measure.toNanos() / 1e9, sendRate, visible, inFlight, hung, CpuUse.between(before, after));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
        }
    }

    private void produce(int index, Stats s, long t0, long start, long end, double sendRate) {
        // paced: each producer sends one batch every `interval`, the producers staggered evenly
        long interval = sendRate > 0 ? (long) (1e9 * batchSize * producers / sendRate) : 0;
        long next = t0 + (interval > 0 ? interval * index / producers : 0);
        long seq = 0;
        String prefix = "p" + index + "-";
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            long intended = now;
            if (interval > 0) {
                if (next >= end) {
                    return;
                }
                if (next > now) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                intended = next;
                next += interval;
                if (now - next > 1_000_000_000L) {
                    next = now; // after a stall of more than a second, do not send a burst to catch up
                }
            } else if (now < t0) {
                LockSupport.parkNanos(t0 - now);
                continue;
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body(prefix, seq++)).build());
            }
            SendMessageBatchRequest request = SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
            long a = System.nanoTime();
            try {
                SendMessageBatchResponse response = client.sendMessageBatch(request);
                long b = System.nanoTime();
                int ok = response.successful().size();
                s.sentTotal += ok;
                if (!response.failed().isEmpty()) {
                    s.sendEntryFailures += response.failed().size();
                    s.error(SEND, new IllegalStateException("failed entry: " + response.failed().get(0)));
                    s.errors[SEND]--; // counted as entry failures, not as a failed call
                }
                if (b >= start && b <= end) {
                    s.latency[SEND].record(b - a);
                    if (interval > 0) {
                        s.sendFromSchedule.record(b - intended);
                    }
                    s.callsInWindow[SEND]++;
                    s.sentInWindow += ok;
                }
            } catch (SdkException e) {
                s.error(SEND, e);
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
            }
        }
    }

    private void consume(Stats s, long start, long end) {
        ReceiveMessageRequest receive = ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize).waitTimeSeconds(waitTimeSeconds).build();
        while (System.nanoTime() < end) {
            long a = System.nanoTime();
            ReceiveMessageResponse response;
            try {
                response = client.receiveMessage(receive);
            } catch (SdkException e) {
                s.error(RECEIVE, e);
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                continue;
            }
            long b = System.nanoTime();
            List<Message> messages = response.messages();
            s.receivedTotal += messages.size();
            if (b >= start && b <= end) {
                s.latency[RECEIVE].record(b - a);
                s.callsInWindow[RECEIVE]++;
                s.receivedInWindow += messages.size();
                if (messages.isEmpty()) {
                    s.emptyReceivesInWindow++;
                }
            }
            if (messages.isEmpty()) {
                continue;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(messages.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchRequest delete = DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build();
            long c = System.nanoTime();
            try {
                DeleteMessageBatchResponse deleted = client.deleteMessageBatch(delete);
                long d = System.nanoTime();
                int ok = deleted.successful().size();
                s.deletedTotal += ok;
                if (!deleted.failed().isEmpty()) {
                    s.deleteEntryFailures += deleted.failed().size();
                    s.error(DELETE, new IllegalStateException("failed entry: " + deleted.failed().get(0)));
                    s.errors[DELETE]--; // counted as entry failures, not as a failed call
                }
                if (d >= start && d <= end) {
                    s.latency[DELETE].record(d - c);
                    s.callsInWindow[DELETE]++;
                    s.deletedInWindow += ok;
                }
            } catch (SdkException e) {
                s.error(DELETE, e);
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
            }
        }
    }

    /** A message body of exactly {@code messageBytes} ASCII bytes, unique per producer and sequence. */
    private String body(String prefix, long seq) {
        char[] chars = new char[messageBytes];
        String head = prefix + seq + "-";
        int n = Math.min(head.length(), messageBytes);
        head.getChars(0, n, chars, 0);
        for (int i = n; i < messageBytes; i++) {
            chars[i] = (char) ('a' + (i % 26));
        }
        return new String(chars);
    }
}
