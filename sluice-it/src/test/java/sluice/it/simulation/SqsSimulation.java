package sluice.it.simulation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.common.ManualClock;

/**
 * One seeded run of the SQS simulation: a queue (with a dead-letter queue in a third of the
 * runs), a reference {@link QueueModel}, and a random schedule of sends (single and batch),
 * receives (some with a ReceiveRequestAttemptId, retried at once), deletes and visibility changes
 * (single and batch, with current, stale, forged and deleted-queue handles), long polls served by
 * a send or a visibility change, clock moves (past visibility timeouts, the deduplication window,
 * the 12-hour visibility cap), attribute changes, purges, restarts, and the queue deleted and
 * created again; every answer is checked against the model, and the counts after every step.
 * Everything that decides the run comes from the seed (the service's ids too), and requests run
 * one at a time, so a seed replays the same run.
 *
 * <p>At the end the clock moves past every visibility timeout and delay, the server restarts (half
 * of the time), and the queue and its dead-letter queue are drained; what the model still holds
 * and the drain did not find is lost.
 */
final class SqsSimulation {
    private static final int LOG_TAIL = 60;
    private static final long START_MILLIS = 1_764_000_000_000L;

    private final SimulationConfig config;
    private final Random random;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final QueueModel model;
    private final MessageDrafts drafts;
    private SimulatedServer server;
    private String queueUrl;
    private String deadLetterUrl;
    private Map<String, String> queueAttributes;
    private int step;
    private int attempts;
    /** How many messages the last receive moved to the dead-letter queue. */
    private int lastMoves;
    private long lastPurgeAt = Long.MIN_VALUE;
    private boolean restartedSincePurge;
    /** The last receive that named a ReceiveRequestAttemptId and got messages, for a retry in the next step. */
    private SqsRequest.ReceiveMessage retryable;
    private List<SqsResult.ReceivedMessage> retryableAnswer;

    private SqsSimulation(SimulationConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.drafts = new MessageDrafts(config, random);
        this.model = new QueueModel(config.fifo(), config.maxReceiveCount(), config.defaultVisibility(), config.queueDelay());
    }

    /** Runs the simulation in {@code dir}; an {@link AssertionError} names the invariant, the seed and the last steps. */
    static Map<String, Integer> run(SimulationConfig config, Path dir) {
        SqsSimulation sim = new SqsSimulation(config);
        try (SimulatedServer server = new SimulatedServer(dir, config.durability(), sim.clock, config.seed())) {
            sim.server = server;
            sim.runSteps();
        } catch (Invariant.Violation v) {
            throw new AssertionError(sim.report(v), v);
        } catch (RuntimeException e) {
            Invariant.Violation v = new Invariant.Violation(Invariant.EXPECTED_OUTCOME, "the simulation itself failed: " + e, e);
            throw new AssertionError(sim.report(v), e);
        }
        return sim.model.coverage;
    }

    private void runSteps() {
        createQueue();
        for (step = 1; step <= config.steps(); step++) {
            model.step = step;
            SqsRequest.ReceiveMessage retry = retryable;
            retryable = null;
            if (retry != null && random.nextInt(3) == 0 && !config.avoids("receive-attempt-retry")) {
                retryReceive(retry);
            } else {
                randomStep();
            }
            checkCounts();
        }
        drain();
    }

    private void randomStep() {
        int roll = random.nextInt(1000);
        if (roll < 200) {
            send();
        } else if (roll < 290) {
            sendBatch();
        } else if (roll < 520) {
            receive();
        } else if (roll < 640) {
            deleteOne(pickHandle(0.85));
        } else if (roll < 690) {
            deleteBatch();
        } else if (roll < 770) {
            changeVisibility(pickHandle(0.8));
        } else if (roll < 800) {
            changeVisibilityBatch();
        } else if (roll < 960) {
            advanceClock();
        } else if (roll < 972) {
            restart();
        } else if (roll < 982) {
            setAttributes();
        } else if (roll < 986) {
            purge();
        } else if (roll < 990 && config.redrive()) {
            drainDeadLetters();
        } else if (roll < 993) {
            recreateQueue();
        } else if (roll < 997) {
            if (random.nextBoolean()) {
                longPollThenSend();
            } else {
                longPollThenRelease();
            }
        } else {
            deleteWithForgedHandle();
        }
    }

    // ------------------------------------------------------------------ the operations

    private void createQueue() {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (config.fifo()) {
            attributes.put("FifoQueue", "true");
        }
        if (config.redrive()) {
            deadLetterUrl = create(config.deadLetterQueueName(), attributes);
            attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn(config.deadLetterQueueName())
                    + "\",\"maxReceiveCount\":" + config.maxReceiveCount() + "}");
        }
        attributes.put("VisibilityTimeout", Integer.toString(config.defaultVisibility()));
        attributes.put("DelaySeconds", Integer.toString(config.queueDelay()));
        attributes.put("MessageRetentionPeriod", "1209600");
        if (config.fifo()) {
            attributes.put("ContentBasedDeduplication", Boolean.toString(config.contentBasedDeduplication()));
            attributes.put("DeduplicationScope", config.dedupPerGroup() ? "messageGroup" : "queue");
        }
        queueAttributes = Map.copyOf(attributes);
        queueUrl = create(config.queueName(), attributes);
        note("create " + config);
    }

    private String create(String name, Map<String, String> attributes) {
        SimulatedServer.Outcome created = server.call(new SqsRequest.CreateQueue(name, attributes, Map.of()));
        if (!created.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("CreateQueue " + name + " " + attributes + " failed: "
                    + created.error().getMessage());
        }
        return created.as(SqsResult.QueueUrl.class).queueUrl();
    }

    private static String arn(String queueName) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queueName;
    }

    private void send() {
        sendDraft(drafts.next());
    }

    private void sendDraft(MessageDrafts.Draft d) {
        long now = clock.millis();
        SimulatedServer.Outcome out = server.call(new SqsRequest.SendMessage(queueUrl, d.entry()));
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("SendMessage " + d + " failed: " + out.error().getMessage());
        }
        QueueModel.Msg m = model.onSend(now, d.body(), d.group(), d.attributes(), d.delay(), drafts.dedupKey(d), out.as(SqsResult.SendMessage.class));
        note("send " + drafts.describe(d) + " -> " + m);
    }

    private void sendBatch() {
        int n = 1 + random.nextInt(10);
        List<MessageDrafts.Draft> batch = new ArrayList<>();
        List<SqsRequest.SendBatchEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MessageDrafts.Draft d = drafts.next();
            batch.add(d);
            entries.add(new SqsRequest.SendBatchEntry("e" + i, d.entry()));
        }
        long now = clock.millis();
        SimulatedServer.Outcome out = server.call(new SqsRequest.SendMessageBatch(queueUrl, entries));
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("SendMessageBatch of " + n + " failed: " + out.error().getMessage());
        }
        SqsResult.SendMessageBatch result = out.as(SqsResult.SendMessageBatch.class);
        if (!result.failed().isEmpty() || result.successful().size() != n) {
            throw Invariant.EXPECTED_OUTCOME.violated("SendMessageBatch of " + n + " valid entries: " + result.failed());
        }
        StringBuilder line = new StringBuilder("sendBatch");
        for (int i = 0; i < n; i++) {
            SqsResult.SendBatchSuccess ok = result.successful().get(i);
            if (!ok.id().equals("e" + i)) {
                throw Invariant.EXPECTED_OUTCOME.violated("batch results out of entry order: " + result.successful());
            }
            MessageDrafts.Draft d = batch.get(i);
            QueueModel.Msg m = model.onSend(now, d.body(), d.group(), d.attributes(), d.delay(), drafts.dedupKey(d), ok.result());
            line.append(' ').append(drafts.describe(d)).append("->").append(m);
        }
        note(line.toString());
    }

    private void receive() {
        int max = 1 + random.nextInt(10);
        int v = random.nextInt(100);
        Integer visibility = v < 20 ? null : v < 28 ? Integer.valueOf(0) : v < 99 ? Integer.valueOf(random.nextInt(31))
                : Integer.valueOf(43_200 - random.nextInt(2) * random.nextInt(600));
        if (visibility != null && visibility == 0 && config.avoids("receive-visibility-0")) {
            visibility = 1;
        }
        String attemptId = config.fifo() && random.nextInt(3) == 0 ? "att-" + (++attempts) : null;
        SqsRequest.ReceiveMessage request = receiveRequest(max, visibility, attemptId);
        List<SqsResult.ReceivedMessage> got = doReceive(request, Invariant.RECEIVE_RETURNS_AVAILABLE);
        int effective = visibility == null ? model.defaultVisibilitySeconds : visibility;
        if (attemptId != null && !got.isEmpty() && effective > 0) {
            retryable = request;
            retryableAnswer = got;
        }
    }

    private SqsRequest.ReceiveMessage receiveRequest(int max, Integer visibility, String attemptId) {
        return new SqsRequest.ReceiveMessage(queueUrl, max, visibility, 0, List.of("All"), List.of(), List.of("All"), attemptId);
    }

    private List<SqsResult.ReceivedMessage> doReceive(SqsRequest.ReceiveMessage request, Invariant missing) {
        long now = clock.millis();
        return checkReceive(request, now, server.call(request), missing);
    }

    private List<SqsResult.ReceivedMessage> checkReceive(SqsRequest.ReceiveMessage request, long now, SimulatedServer.Outcome out,
                                                         Invariant missing) {
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("ReceiveMessage failed: " + out.error().getMessage());
        }
        List<SqsResult.ReceivedMessage> got = out.as(SqsResult.ReceiveMessage.class).messages();
        int visibility = request.visibilityTimeout() == null ? model.defaultVisibilitySeconds : request.visibilityTimeout();
        note("receive max=" + request.maxNumberOfMessages() + " vis=" + (request.visibilityTimeout() == null ? "default(" + visibility + ")" : visibility)
                + (request.receiveRequestAttemptId() == null ? "" : " attempt=" + request.receiveRequestAttemptId())
                + " -> " + model.labels(got));
        int movable = config.redrive() ? model.movable(now) : 0;
        model.onReceive(now, request.maxNumberOfMessages(), visibility, got, missing);
        lastMoves = config.redrive() ? settleMoves(now, got.size() == request.maxNumberOfMessages(), movable) : 0;
        return got;
    }

    /**
     * Parks a long poll on an empty queue, then sends a message it can take at once: the send must
     * serve the poll. Falls back to a plain send when the message could not be taken at once.
     */
    private void longPollThenSend() {
        long now = clock.millis();
        MessageDrafts.Draft d = drafts.next();
        MessageDrafts.Draft immediate = config.fifo() ? d : d.withoutDelay();
        boolean servable = model.available(now) == 0 && (!config.redrive() || model.movable(now) == 0)
                && (!config.fifo() || (model.queueDelaySeconds == 0 && !model.groupBlocked(d.group(), now)
                && !model.deduplicates(drafts.dedupKey(d), now)));
        if (!servable) {
            sendDraft(d);
            return;
        }
        SqsRequest.ReceiveMessage poll = longPoll();
        CompletableFuture<SqsResult> parked = server.start(poll);
        sendDraft(immediate);
        checkReceive(poll, clock.millis(), server.await(poll, parked), Invariant.RECEIVE_RETURNS_AVAILABLE);
        model.count("long poll served by a send");
    }

    /**
     * Parks a long poll while nothing is available, then makes an in-flight message visible with a
     * visibility change to 0: the change must serve the poll.
     */
    private void longPollThenRelease() {
        long now = clock.millis();
        List<QueueModel.Msg> releasable = model.live().stream().filter(m -> m.inFlight(now) && !model.doomed(m)
                && !(config.fifo() && model.live().stream().anyMatch(o -> o != m && o.inFlight(now) && o.group.equals(m.group)))).toList();
        if (model.available(now) != 0 || (config.redrive() && model.movable(now) > 0) || releasable.isEmpty()) {
            receive();
            return;
        }
        QueueModel.Msg m = releasable.get(random.nextInt(releasable.size()));
        SqsRequest.ReceiveMessage poll = longPoll();
        CompletableFuture<SqsResult> parked = server.start(poll);
        String handle = m.handle;
        SimulatedServer.Outcome changed = server.call(new SqsRequest.ChangeMessageVisibility(queueUrl, handle, 0));
        note("changeVisibility " + handleLabel(handle) + " to 0 -> " + changed.describe());
        model.onChangeVisibility(now, handle, 0, changed.ok(), changed.ok() ? null : changed.error().getMessage());
        checkReceive(poll, clock.millis(), server.await(poll, parked), Invariant.RECEIVE_RETURNS_AVAILABLE);
        model.count("long poll served by a visibility change");
    }

    private SqsRequest.ReceiveMessage longPoll() {
        int visibility = 1 + random.nextInt(30);
        return new SqsRequest.ReceiveMessage(queueUrl, 1 + random.nextInt(10), visibility, 2, List.of("All"), List.of(),
                List.of("All"), null);
    }

    /** Deletes the queue, checks the name cannot be reused at once, and creates it again a minute later (maybe after a restart). */
    private void recreateQueue() {
        if (config.redrive()) {
            drainDeadLetters();
        }
        SimulatedServer.Outcome deleted = server.call(new SqsRequest.DeleteQueue(queueUrl));
        note("deleteQueue -> " + deleted.describe());
        if (!deleted.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("DeleteQueue failed: " + deleted.error().getMessage());
        }
        model.onQueueDeleted();
        SimulatedServer.Outcome early = server.call(new SqsRequest.CreateQueue(config.queueName(), queueAttributes, Map.of()));
        note("createQueue at once -> " + early.describe());
        if (early.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("a queue name was reused at once after DeleteQueue");
        }
        clock.advance(Duration.ofMillis(60_000 + random.nextInt(30_000)));
        note("advance past the name reuse delay");
        if (random.nextBoolean() && !config.avoids("restart-between-delete-and-create")) {
            restart();
        }
        String url = create(config.queueName(), queueAttributes);
        if (!url.equals(queueUrl)) {
            throw Invariant.EXPECTED_OUTCOME.violated("the re-created queue has URL " + url + " instead of " + queueUrl);
        }
        note("createQueue again");
        model.defaultVisibilitySeconds = config.defaultVisibility();
        model.queueDelaySeconds = config.queueDelay();
        lastPurgeAt = Long.MIN_VALUE;
    }

    /** Retries the previous step's receive with the same ReceiveRequestAttemptId, nothing having changed since. */
    private void retryReceive(SqsRequest.ReceiveMessage request) {
        SimulatedServer.Outcome out = server.call(request);
        if (!out.ok()) {
            throw Invariant.RECEIVE_ATTEMPT_RETRY.violated("the retry failed: " + out.error().getMessage());
        }
        List<SqsResult.ReceivedMessage> got = out.as(SqsResult.ReceiveMessage.class).messages();
        note("retry receive attempt=" + request.receiveRequestAttemptId() + " -> " + model.labels(got));
        model.onRetriedReceive(retryableAnswer, got);
    }

    /**
     * A handle: the current one of a message (with probability {@code current}) or any one handed
     * out. Never the current handle of a visible message past maxReceiveCount: it may or may not have
     * moved to the dead-letter queue, so what its delete should do is unknown.
     */
    private String pickHandle(double current) {
        List<String> all = model.handles();
        if (all.isEmpty()) {
            return null;
        }
        long now = clock.millis();
        String picked = null;
        if (random.nextDouble() < current) {
            List<QueueModel.Msg> received = model.live().stream().filter(m -> m.handle != null).toList();
            if (!received.isEmpty()) {
                picked = received.get(random.nextInt(received.size())).handle;
            }
        }
        if (picked == null) {
            picked = all.get(random.nextInt(all.size()));
        }
        QueueModel.Handle h = model.handle(picked);
        QueueModel.Msg m = model.message(h.messageId());
        boolean undecidable = model.isCurrent(picked) && model.doomed(m) && m.visibleAt <= now;
        return undecidable ? null : picked;
    }

    private String handleLabel(String handle) {
        QueueModel.Handle h = model.handle(handle);
        if (h == null) {
            return "forged";
        }
        QueueModel.Msg m = model.message(h.messageId());
        String state = model.fromDeletedQueue(handle) ? "of the deleted queue" : model.goneHow(m.id) != null ? "gone"
                : model.isCurrent(handle) ? "current" : "stale";
        return m + "#" + h.receiveCount() + "(" + state + ")";
    }

    private void deleteOne(String handle) {
        if (handle == null) {
            advanceClock();
            return;
        }
        long now = clock.millis();
        String label = handleLabel(handle);
        SimulatedServer.Outcome out = server.call(new SqsRequest.DeleteMessage(queueUrl, handle));
        note("delete " + label + " -> " + out.describe());
        model.onDelete(now, handle, out.ok(), out.ok() ? null : out.error().getMessage());
        checkNothingDeletedBy(List.of(handle));
    }

    private void deleteBatch() {
        List<String> handles = new ArrayList<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            String h = pickHandle(0.7);
            if (h != null && !handles.contains(h)) {
                handles.add(h);
            }
        }
        if (handles.isEmpty()) {
            advanceClock();
            return;
        }
        List<SqsRequest.ReceiptEntry> entries = new ArrayList<>();
        StringBuilder line = new StringBuilder("deleteBatch");
        for (int i = 0; i < handles.size(); i++) {
            entries.add(new SqsRequest.ReceiptEntry("e" + i, handles.get(i)));
            line.append(' ').append(handleLabel(handles.get(i)));
        }
        long now = clock.millis();
        SimulatedServer.Outcome out = server.call(new SqsRequest.DeleteMessageBatch(queueUrl, entries));
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("DeleteMessageBatch failed as a whole: " + out.error().getMessage());
        }
        SqsResult.IdBatch result = out.as(SqsResult.IdBatch.class);
        Map<String, String> failed = new LinkedHashMap<>();
        result.failed().forEach(f -> failed.put(f.id(), f.code() + ": " + f.message()));
        line.append(" -> failed ").append(failed.keySet());
        note(line.toString());
        for (int i = 0; i < handles.size(); i++) {
            String id = "e" + i;
            model.onDelete(now, handles.get(i), !failed.containsKey(id), failed.get(id));
        }
        checkNothingDeletedBy(handles);
    }

    /** A delete with handles of a deleted queue of the same name must not remove anything from the new one. */
    private void checkNothingDeletedBy(List<String> handles) {
        List<String> old = handles.stream().filter(model::fromDeletedQueue).toList();
        if (old.isEmpty()) {
            return;
        }
        long[] counts = counts(queueUrl);
        long total = counts[0] + counts[1] + counts[2];
        if (total < model.sourceTotal()) {
            throw Invariant.NO_LOSS.violated("a delete with receipt handles of the deleted queue of the same name ("
                    + old.stream().map(this::handleLabel).toList() + ") removed " + (model.sourceTotal() - total)
                    + " message(s) of the new queue; queue: " + model.summary(clock.millis()));
        }
    }

    private int randomVisibility() {
        int roll = random.nextInt(100);
        return roll < 25 ? 0 : roll < 98 ? random.nextInt(31) : 43_200 - random.nextInt(2) * random.nextInt(600);
    }

    private void changeVisibility(String handle) {
        if (handle == null) {
            receive();
            return;
        }
        int seconds = randomVisibility();
        long now = clock.millis();
        String label = handleLabel(handle);
        SimulatedServer.Outcome out = server.call(new SqsRequest.ChangeMessageVisibility(queueUrl, handle, seconds));
        note("changeVisibility " + label + " to " + seconds + " -> " + out.describe());
        model.onChangeVisibility(now, handle, seconds, out.ok(), out.ok() ? null : out.error().getMessage());
    }

    private void changeVisibilityBatch() {
        List<String> handles = new ArrayList<>();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String h = pickHandle(0.75);
            if (h != null && !handles.contains(h)) {
                handles.add(h);
            }
        }
        if (handles.isEmpty()) {
            receive();
            return;
        }
        List<SqsRequest.VisibilityEntry> entries = new ArrayList<>();
        List<Integer> seconds = new ArrayList<>();
        StringBuilder line = new StringBuilder("changeVisibilityBatch");
        for (int i = 0; i < handles.size(); i++) {
            int s = randomVisibility();
            seconds.add(s);
            entries.add(new SqsRequest.VisibilityEntry("e" + i, handles.get(i), s));
            line.append(' ').append(handleLabel(handles.get(i))).append('=').append(s);
        }
        long now = clock.millis();
        SimulatedServer.Outcome out = server.call(new SqsRequest.ChangeMessageVisibilityBatch(queueUrl, entries));
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("ChangeMessageVisibilityBatch failed as a whole: " + out.error().getMessage());
        }
        SqsResult.IdBatch result = out.as(SqsResult.IdBatch.class);
        Map<String, String> failed = new LinkedHashMap<>();
        result.failed().forEach(f -> failed.put(f.id(), f.code() + ": " + f.message()));
        line.append(" -> failed ").append(failed.keySet());
        note(line.toString());
        for (int i = 0; i < handles.size(); i++) {
            String id = "e" + i;
            model.onChangeVisibility(now, handles.get(i), seconds.get(i), !failed.containsKey(id), failed.get(id));
        }
    }

    private void deleteWithForgedHandle() {
        String forged = model.handles().isEmpty() ? "not-a-handle"
                : tamper(model.handles().get(random.nextInt(model.handles().size())));
        SimulatedServer.Outcome out = server.call(new SqsRequest.DeleteMessage(queueUrl, forged));
        note("delete with a forged handle -> " + out.describe());
        if (out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("a delete with a forged receipt handle succeeded");
        }
    }

    private String tamper(String handle) {
        char[] c = handle.toCharArray();
        int i = random.nextInt(c.length);
        c[i] = c[i] == 'A' ? 'B' : 'A';
        return new String(c);
    }

    /** Moves the clock: mostly a little, sometimes past visibility timeouts, now and then past the deduplication window. */
    private void advanceClock() {
        int roll = random.nextInt(100);
        long by = roll < 60 ? random.nextInt(5_000) : roll < 90 ? 5_000 + random.nextInt(30_000)
                : roll < 97 ? 30_000 + random.nextInt(90_000) : roll < 99 ? QueueModel.DEDUP_WINDOW_MILLIS + random.nextInt(60_000)
                : QueueModel.MAX_VISIBILITY_MILLIS - 3_600_000 + random.nextInt(7_200_000);
        clock.advance(Duration.ofMillis(by));
        note("advance " + by + " ms");
    }

    private void restart() {
        server.restart();
        restartedSincePurge = true;
        model.onRestart(clock.millis());
        note("restart");
    }

    private void setAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        int visibility = 1 + random.nextInt(30);
        attributes.put("VisibilityTimeout", Integer.toString(visibility));
        int delay = model.queueDelaySeconds;
        if (random.nextBoolean()) {
            delay = random.nextInt(6);
            if (config.fifo() && delay > model.queueDelaySeconds && model.anyNeverReceived()) {
                delay = model.queueDelaySeconds == 0 ? 0 : random.nextInt(model.queueDelaySeconds);
            }
            if (config.fifo() && config.avoids("fifo-delay-change")) {
                delay = model.queueDelaySeconds;
            }
            attributes.put("DelaySeconds", Integer.toString(delay));
        }
        SimulatedServer.Outcome out = server.call(new SqsRequest.SetQueueAttributes(queueUrl, attributes));
        note("setAttributes " + attributes + " -> " + out.describe());
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("SetQueueAttributes " + attributes + " failed: " + out.error().getMessage());
        }
        model.defaultVisibilitySeconds = visibility;
        model.onQueueDelayChanged(delay);
    }

    private void purge() {
        if (config.redrive()) {
            // what moved is no longer the source's to purge: identify it first
            drainDeadLetters();
        }
        long now = clock.millis();
        SimulatedServer.Outcome out = server.call(new SqsRequest.PurgeQueue(queueUrl));
        note("purge -> " + out.describe());
        boolean recent = lastPurgeAt != Long.MIN_VALUE && now - lastPurgeAt < 60_000;
        model.count(out.ok() ? "purge" : "purge refused");
        if (out.ok()) {
            if (recent && !restartedSincePurge) {
                throw Invariant.EXPECTED_OUTCOME.violated("a second PurgeQueue within 60 s succeeded");
            }
            model.onPurge();
            lastPurgeAt = now;
            restartedSincePurge = false;
        } else if (!recent) {
            throw Invariant.EXPECTED_OUTCOME.violated("PurgeQueue failed: " + out.error().getMessage());
        }
    }

    // ------------------------------------------------------------------ checks

    /** Visible, not visible and delayed, as GetQueueAttributes reports them. */
    private long[] counts(String url) {
        SimulatedServer.Outcome out = server.call(new SqsRequest.GetQueueAttributes(url, List.of(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed")));
        if (!out.ok()) {
            throw Invariant.EXPECTED_OUTCOME.violated("GetQueueAttributes failed: " + out.error().getMessage());
        }
        Map<String, String> got = out.as(SqsResult.Attributes.class).attributes();
        return new long[] {Long.parseLong(got.get("ApproximateNumberOfMessages")),
            Long.parseLong(got.get("ApproximateNumberOfMessagesNotVisible")), Long.parseLong(got.get("ApproximateNumberOfMessagesDelayed"))};
    }

    private static String show(long[] counts) {
        return counts[0] + "/" + counts[1] + "/" + counts[2];
    }

    private void checkCounts() {
        long now = clock.millis();
        String actual = show(counts(queueUrl));
        String wanted = show(model.counts(now));
        if (!actual.equals(wanted)) {
            throw Invariant.COUNTS.violated("visible/not visible/delayed are " + actual + ", the model says " + wanted
                    + "; queue: " + model.summary(now));
        }
        if (config.redrive()) {
            String dead = show(counts(deadLetterUrl));
            String wantedDead = model.movedUnidentified() + "/0/0";
            if (!dead.equals(wantedDead)) {
                throw Invariant.COUNTS.violated("the dead-letter queue's visible/not visible/delayed are " + dead
                        + ", the model says " + wantedDead);
            }
        }
    }

    /**
     * After a receive on a queue with a redrive policy: how many messages it moved (the dead-letter
     * queue's appends are queued on its lane before the receive answers, so its count is exact
     * now), then waits until the moved messages have left the source (their delete follows the
     * durable append, asynchronously).
     */
    private int settleMoves(long receivedAt, boolean full, int movableBefore) {
        long[] dead = counts(deadLetterUrl);
        int moves = (int) (dead[0] + dead[1] + dead[2]) - model.movedUnidentified();
        if (moves != 0) {
            note("  moved " + moves + " to the dead-letter queue (" + movableBefore + " could move)");
        }
        model.onMoves(receivedAt, moves, movableBefore, full);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            long[] source = counts(queueUrl);
            long total = source[0] + source[1] + source[2];
            if (total == model.sourceTotal()) {
                return moves;
            }
            if (System.nanoTime() > deadline) {
                throw Invariant.DEAD_LETTER.violated("5 s after the receive the queue still holds " + total + " messages, the model "
                        + model.sourceTotal() + " (moved messages not deleted from the source?); queue: " + model.summary(clock.millis()));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Receives and deletes everything in the dead-letter queue, identifying each moved message. */
    private void drainDeadLetters() {
        if (!config.redrive()) {
            return;
        }
        for (int rounds = 0; ; rounds++) {
            SimulatedServer.Outcome out = server.call(new SqsRequest.ReceiveMessage(deadLetterUrl, 10, 600, 0, List.of("All"),
                    List.of(), List.of("All"), null));
            if (!out.ok()) {
                throw Invariant.EXPECTED_OUTCOME.violated("ReceiveMessage on the dead-letter queue failed: " + out.error().getMessage());
            }
            List<SqsResult.ReceivedMessage> got = out.as(SqsResult.ReceiveMessage.class).messages();
            note("receive dead letters -> " + model.labels(got));
            if (got.isEmpty()) {
                if (model.movedUnidentified() != 0) {
                    throw Invariant.NO_LOSS.violated("the dead-letter queue should hold " + model.movedUnidentified()
                            + " more moved messages but gives none");
                }
                return;
            }
            model.onDeadLetters(got, arn(config.queueName()));
            deleteAll(deadLetterUrl, got);
            if (rounds > 10_000) {
                throw Invariant.LIVENESS.violated("draining the dead-letter queue does not end");
            }
        }
    }

    private void deleteAll(String url, List<SqsResult.ReceivedMessage> got) {
        List<SqsRequest.ReceiptEntry> entries = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            entries.add(new SqsRequest.ReceiptEntry("e" + i, got.get(i).receiptHandle()));
        }
        SimulatedServer.Outcome out = server.call(new SqsRequest.DeleteMessageBatch(url, entries));
        SqsResult.IdBatch result = out.ok() ? out.as(SqsResult.IdBatch.class) : null;
        if (result == null || !result.failed().isEmpty()) {
            throw Invariant.EXPECTED_OUTCOME.violated("deleting what was just received failed: "
                    + (result == null ? out.error().getMessage() : result.failed()));
        }
    }

    /** Moves past every timeout, maybe restarts, and receives and deletes until nothing is left. */
    private void drain() {
        step = config.steps() + 1;
        model.step = step;
        long latest = model.latestVisibleAt();
        if (latest > clock.millis()) {
            long by = latest - clock.millis() + 1;
            clock.advance(Duration.ofMillis(by));
            note("drain: advance " + by + " ms");
        }
        if (random.nextBoolean()) {
            restart();
        }
        checkCounts();
        for (int rounds = 0; ; rounds++) {
            if (rounds > 10_000) {
                throw Invariant.LIVENESS.violated("drain does not end");
            }
            List<SqsResult.ReceivedMessage> got = doReceive(receiveRequest(10, 600, null), Invariant.NO_LOSS);
            if (got.isEmpty() && lastMoves == 0) {
                break;
            }
            if (!got.isEmpty()) {
                long now = clock.millis();
                deleteAll(queueUrl, got);
                for (SqsResult.ReceivedMessage r : got) {
                    model.onDelete(now, r.receiptHandle(), true, null);
                }
            }
        }
        drainDeadLetters();
        if (!model.isEmpty()) {
            throw Invariant.NO_LOSS.violated("never delivered by the drain: " + model.summary(clock.millis()));
        }
        checkCounts();
    }

    // ------------------------------------------------------------------ reporting

    private void note(String line) {
        if (log.size() == LOG_TAIL) {
            log.removeFirst();
        }
        log.addLast("#" + step + " t+" + (clock.millis() - START_MILLIS) + "ms " + line);
    }

    private String report(Invariant.Violation v) {
        StringBuilder b = new StringBuilder();
        b.append("SQS simulation broke ").append(v.invariant()).append(" (").append(config.fifo() ? "FIFO" : "standard")
                .append(" queue, seed ").append(config.seed()).append(", ")
                .append(step > config.steps() ? "in the final drain" : "step " + step + " of " + config.steps())
                .append(")\n  ").append(v.getMessage()).append('\n');
        b.append("  replay: ./mvnw -B -pl sluice-it test -Dtest='SqsSimulationTest#").append(config.fifo() ? "fifoQueue" : "standardQueue")
                .append("' -Dsluice.sim.seed=").append(config.seed()).append(" -Dsluice.sim.steps=").append(config.steps())
                .append(config.avoid().isEmpty() ? "" : " -Dsluice.sim.avoid=" + String.join(",", config.avoid())).append('\n');
        b.append("  config: ").append(config).append('\n');
        b.append("  exercised: ").append(model.coverage).append('\n');
        b.append("  last ").append(log.size()).append(" steps:\n");
        log.forEach(line -> b.append("    ").append(line).append('\n'));
        return b.toString();
    }

}
