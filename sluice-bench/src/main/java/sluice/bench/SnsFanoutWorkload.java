package sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One fan-out run: publisher threads Publish (or PublishBatch) to one topic as fast as they can,
 * consumer threads long-poll the topic's subscribed queues (each consumer owns one queue), receive
 * up to 10 and delete them with one DeleteMessageBatch. Every published message carries the
 * publisher's {@link System#nanoTime()} just before its call ({@code bench-ts=…;}, readable both in
 * raw deliveries and inside SNS's JSON envelope), so a consumer measures publish→receive latency.
 * Calls completing inside the measured window count; errors count over the whole run.
 */
final class SnsFanoutWorkload {
    static final String STAMP = "bench-ts=";
    /** Stamps count from here, so they are never negative. */
    private static final long ORIGIN = System.nanoTime();
    private static final int MAX_ERROR_SAMPLES = 3;
    private static final long ERROR_PAUSE_NANOS = 5_000_000L;

    private final SnsClient sns;
    private final SqsClient sqs;
    private final String topicArn;
    private final List<String> queueUrls;
    private final int publishers;
    private final int consumersPerQueue;
    private final int batchSize;
    private final int messageBytes;
    private final int waitTimeSeconds;

    SnsFanoutWorkload(SnsClient sns, SqsClient sqs, String topicArn, List<String> queueUrls, int publishers,
                      int consumersPerQueue, int batchSize, int messageBytes, int waitTimeSeconds) {
        this.sns = sns;
        this.sqs = sqs;
        this.topicArn = topicArn;
        this.queueUrls = queueUrls;
        this.publishers = publishers;
        this.consumersPerQueue = consumersPerQueue;
        this.batchSize = batchSize;
        this.messageBytes = messageBytes;
        this.waitTimeSeconds = waitTimeSeconds;
    }

    /** Per-thread counters; merged after the threads are joined. */
    static final class Stats {
        final LatencyHistogram publishCall = new LatencyHistogram();
        final LatencyHistogram endToEnd = new LatencyHistogram();
        final LatencyHistogram receiveCall = new LatencyHistogram();
        long publishedInWindow;
        long receivedInWindow;
        long deletedInWindow;
        long publishedTotal;
        long deletedTotal;
        long publishErrors;
        long receiveErrors;
        long deleteErrors;
        long unstamped;
        final List<String> errorSamples = new ArrayList<>();

        void add(Stats o) {
            publishCall.add(o.publishCall);
            endToEnd.add(o.endToEnd);
            receiveCall.add(o.receiveCall);
            publishedInWindow += o.publishedInWindow;
            receivedInWindow += o.receivedInWindow;
            deletedInWindow += o.deletedInWindow;
            publishedTotal += o.publishedTotal;
            deletedTotal += o.deletedTotal;
            publishErrors += o.publishErrors;
            receiveErrors += o.receiveErrors;
            deleteErrors += o.deleteErrors;
            unstamped += o.unstamped;
            o.errorSamples.forEach(this::sample);
        }

        long errors() {
            return publishErrors + receiveErrors + deleteErrors + unstamped;
        }

        void sample(String text) {
            String t = text.length() > 300 ? text.substring(0, 300) + "..." : text;
            if (errorSamples.size() < MAX_ERROR_SAMPLES && !errorSamples.contains(t)) {
                errorSamples.add(t);
            }
        }
    }

    /** The outcome: merged counters, the measured seconds and the processor time used in the window. */
    record Result(Stats stats, double seconds, SqsWorkload.CpuUse cpu, int hungThreads) {
        double publishRate() {
            return stats.publishedInWindow / seconds;
        }

        double receiveRate() {
            return stats.receivedInWindow / seconds;
        }

        double deleteRate() {
            return stats.deletedInWindow / seconds;
        }
    }

    Result run(long warmupMillis, long measureMillis, long serverPid) throws InterruptedException {
        long t0 = System.nanoTime() + 50_000_000L;
        long start = t0 + warmupMillis * 1_000_000L;
        long end = start + measureMillis * 1_000_000L;
        List<Stats> stats = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            Stats s = new Stats();
            String prefix = "p" + i + "-";
            stats.add(s);
            threads.add(Thread.ofPlatform().name("publisher-" + i).daemon(true).unstarted(() -> publish(prefix, s, t0, start, end)));
        }
        for (int q = 0; q < queueUrls.size(); q++) {
            for (int c = 0; c < consumersPerQueue; c++) {
                Stats s = new Stats();
                String url = queueUrls.get(q);
                stats.add(s);
                threads.add(Thread.ofPlatform().name("consumer-" + q + "-" + c).daemon(true).unstarted(() -> consume(url, s, start, end)));
            }
        }
        threads.forEach(Thread::start);
        sleepUntil(start);
        SqsWorkload.CpuSample before = SqsWorkload.CpuSample.now(serverPid);
        sleepUntil(end);
        SqsWorkload.CpuSample after = SqsWorkload.CpuSample.now(serverPid);
        long deadline = end + 45_000_000_000L;
        int hung = 0;
        Stats total = new Stats();
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            if (threads.get(i).isAlive()) {
                hung++;
            } else {
                total.add(stats.get(i));
            }
        }
        if (hung > 0) {
            total.sample(hung + " load thread(s) still in a call 45 s after the end; their counts are left out");
        }
        return new Result(total, measureMillis / 1000.0, SqsWorkload.CpuUse.between(before, after), hung);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
        }
    }

    private void publish(String prefix, Stats s, long t0, long start, long end) {
        LockSupport.parkNanos(Math.max(0, t0 - System.nanoTime()));
        long seq = 0;
        while (System.nanoTime() < end) {
            long a = System.nanoTime();
            int ok;
            try {
                if (batchSize <= 1) {
                    sns.publish(PublishRequest.builder().topicArn(topicArn).message(body(a, prefix, seq++)).build());
                    ok = 1;
                } else {
                    List<PublishBatchRequestEntry> entries = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        entries.add(PublishBatchRequestEntry.builder().id(Integer.toString(i)).message(body(a, prefix, seq++)).build());
                    }
                    PublishBatchResponse r = sns.publishBatch(PublishBatchRequest.builder().topicArn(topicArn)
                            .publishBatchRequestEntries(entries).build());
                    ok = r.successful().size();
                    if (!r.failed().isEmpty()) {
                        s.publishErrors += r.failed().size();
                        s.sample("PublishBatch failed entry: " + r.failed().get(0));
                    }
                }
            } catch (SdkException e) {
                s.publishErrors++;
                s.sample("Publish: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                continue;
            }
            long b = System.nanoTime();
            s.publishedTotal += ok;
            if (b >= start && b <= end) {
                s.publishCall.record(b - a);
                s.publishedInWindow += ok;
            }
        }
    }

    private void consume(String queueUrl, Stats s, long start, long end) {
        ReceiveMessageRequest receive = ReceiveMessageRequest.builder().queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(waitTimeSeconds).build();
        while (System.nanoTime() < end) {
            long a = System.nanoTime();
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(receive).messages();
            } catch (SdkException e) {
                s.receiveErrors++;
                s.sample("ReceiveMessage: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                continue;
            }
            long b = System.nanoTime();
            boolean inWindow = b >= start && b <= end;
            if (inWindow) {
                s.receiveCall.record(b - a);
                s.receivedInWindow += messages.size();
            }
            if (messages.isEmpty()) {
                continue;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Message m = messages.get(i);
                long stamp = stampOf(m.body());
                if (stamp < 0) {
                    s.unstamped++;
                    s.sample("a received message carries no " + STAMP + " stamp: " + m.body());
                } else if (inWindow) {
                    s.endToEnd.record(b - ORIGIN - stamp);
                }
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(m.receiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse r = sqs.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(queueUrl)
                        .entries(entries).build());
                int ok = r.successful().size();
                s.deletedTotal += ok;
                if (!r.failed().isEmpty()) {
                    s.deleteErrors += r.failed().size();
                    s.sample("DeleteMessageBatch failed entry: " + r.failed().get(0));
                }
                long d = System.nanoTime();
                if (d >= start && d <= end) {
                    s.deletedInWindow += ok;
                }
            } catch (SdkException e) {
                s.deleteErrors++;
                s.sample("DeleteMessageBatch: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
            }
        }
    }

    /** A message of exactly {@code messageBytes} ASCII bytes (or longer, if the stamp needs it). */
    private String body(long stamp, String prefix, long seq) {
        StringBuilder b = new StringBuilder(messageBytes).append(STAMP).append(stamp - ORIGIN).append(';').append(prefix).append(seq).append(';');
        while (b.length() < messageBytes) {
            b.append((char) ('a' + b.length() % 26));
        }
        return b.toString();
    }

    /** The publisher's nanoTime stamped into a body (raw or inside the JSON envelope), or -1. */
    static long stampOf(String body) {
        int at = body.indexOf(STAMP);
        if (at < 0) {
            return -1;
        }
        int from = at + STAMP.length();
        int to = body.indexOf(';', from);
        try {
            return to < 0 ? -1 : Long.parseLong(body, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
