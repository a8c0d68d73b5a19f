package sluice.core.sqs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.storage.ClaimedMessage;

/**
 * Message move tasks (dead-letter queue redrive): StartMessageMoveTask, CancelMessageMoveTask and
 * ListMessageMoveTasks. A task runs on its source queue's lane in ticks of 100 ms; each tick takes
 * as many messages as the rate allows, appends each to its destination (the task's, or the queue
 * the message was dead-lettered from) and deletes it from the source only once it is durable
 * there, so a crash can duplicate a message but never lose one. Progress is a record of the
 * source queue, rewritten every tick, so a task resumes after a restart.
 */
final class MessageMoveTasks {
    static final int MAX_RATE = 500;
    static final long TICK_MILLIS = 100;
    static final int KEPT_PER_SOURCE = 10;
    static final String PREFIX = "move/";

    private final QueueRegistry registry;
    private final Clock clock;
    private final Randomness randomness;
    private final ScheduledExecutorService timer;
    private final Map<String, MoveTask> tasks = new ConcurrentHashMap<>();

    MessageMoveTasks(QueueRegistry registry, Clock clock, Randomness randomness, ScheduledExecutorService timer) {
        this.registry = registry;
        this.clock = clock;
        this.randomness = randomness;
        this.timer = timer;
    }

    /** Reloads a queue's tasks (on its lane, after it is opened) and resumes the active ones. */
    void recoverOnLane(SqsQueue queue) {
        for (Map.Entry<String, byte[]> e : queue.recordsOnLane().entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                MoveTask task = MoveTask.decode(e.getValue());
                tasks.put(task.taskId, task);
                if (task.active()) {
                    schedule(task, queue);
                }
            }
        }
    }

    CompletableFuture<SqsResult> start(SqsRequest.StartMessageMoveTask r) {
        SqsQueue source = sourceQueue(r.sourceArn());
        boolean isDeadLetterQueue = registry.all().stream()
                .anyMatch(q -> !q.deleted() && source.arn().equals(q.settings().deadLetterTarget()));
        if (!isDeadLetterQueue) {
            throw SqsException.invalidParameter("Source queue must be configured as a Dead Letter Queue.");
        }
        Integer rate = r.maxNumberOfMessagesPerSecond();
        if (rate != null && (rate < 1 || rate > MAX_RATE)) {
            throw SqsException.invalidParameter("Value " + rate
                    + " for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and " + MAX_RATE + ".");
        }
        if (r.destinationArn() != null) {
            SqsQueue destination = registry.find(Arn.parse(r.destinationArn()));
            if (destination == null || destination.deleted()) {
                throw SqsError.RESOURCE_NOT_FOUND.error("The resource that you specified for the DestinationArn parameter doesn't exist.");
            }
            if (destination == source) {
                throw SqsException.invalidParameter("Source queue and destination queue must be different.");
            }
        }
        return source.onLane(() -> {
            for (MoveTask t : tasks.values()) {
                if (t.sourceArn.equals(source.arn().toString()) && t.active()) {
                    throw SqsException.invalidParameter("There is already a task running. Only one active task is allowed "
                            + "for a source queue arn at a given time.");
                }
            }
            long toMove = source.countsOnLane().visible();
            MoveTask task = new MoveTask(randomness.uuid().toString(), source.arn().toString(), r.destinationArn(), rate,
                    toMove, clock.millis(), MoveTask.Status.RUNNING, 0, null);
            tasks.put(task.taskId, task);
            pruneOnLane(source);
            return source.putRecordOnLane(PREFIX + task.taskId, task.encode()).thenApply(v -> {
                schedule(task, source);
                return (SqsResult) new SqsResult.StartMessageMoveTask(task.handle());
            });
        });
    }

    CompletableFuture<SqsResult> cancel(SqsRequest.CancelMessageMoveTask r) {
        if (r.taskHandle() == null || r.taskHandle().isEmpty()) {
            throw SqsException.missingParameter("TaskHandle");
        }
        String taskId = MoveTask.taskIdOf(r.taskHandle());
        MoveTask task = taskId == null ? null : tasks.get(taskId);
        SqsQueue source = task == null ? null : registry.find(Arn.parse(task.sourceArn));
        if (source == null || source.deleted()) {
            throw SqsError.RESOURCE_NOT_FOUND.error("Task does not exist.");
        }
        return source.onLane(() -> {
            if (task.status != MoveTask.Status.RUNNING) {
                throw SqsException.invalidParameter("Only active tasks can be cancelled.");
            }
            task.status = MoveTask.Status.CANCELLING;
            return source.putRecordOnLane(PREFIX + task.taskId, task.encode())
                    .thenApply(v -> (SqsResult) new SqsResult.CancelMessageMoveTask(task.moved));
        });
    }

    SqsResult list(SqsRequest.ListMessageMoveTasks r) {
        SqsQueue source = sourceQueue(r.sourceArn());
        int max = r.maxResults() == null ? 1 : r.maxResults();
        if (max < 1 || max > KEPT_PER_SOURCE) {
            throw SqsException.invalidParameter("Value " + max
                    + " for parameter MaxResults is invalid. Reason: Must be between 1 and " + KEPT_PER_SOURCE + ".");
        }
        List<SqsResult.MoveTask> views = new ArrayList<>();
        for (MoveTask t : ofSource(source)) {
            if (views.size() < max) {
                views.add(t.view());
            }
        }
        return new SqsResult.ListMessageMoveTasks(views);
    }

    private SqsQueue sourceQueue(String sourceArn) {
        if (sourceArn == null || sourceArn.isEmpty()) {
            throw SqsException.missingParameter("SourceArn");
        }
        SqsQueue source = registry.find(Arn.parse(sourceArn));
        if (source == null || source.deleted()) {
            throw SqsError.RESOURCE_NOT_FOUND.error("The resource that you specified for the SourceArn parameter doesn't exist.");
        }
        return source;
    }

    /** A source's tasks, newest first. */
    private List<MoveTask> ofSource(SqsQueue source) {
        List<MoveTask> list = new ArrayList<>();
        for (MoveTask t : tasks.values()) {
            if (t.sourceArn.equals(source.arn().toString())) {
                list.add(t);
            }
        }
        list.sort(Comparator.comparingLong((MoveTask t) -> t.startedAt).reversed());
        return list;
    }

    /** Forgets the oldest finished tasks beyond the ten a source keeps. */
    private void pruneOnLane(SqsQueue source) {
        List<MoveTask> list = ofSource(source);
        for (int i = KEPT_PER_SOURCE; i < list.size(); i++) {
            MoveTask old = list.get(i);
            if (!old.active()) {
                tasks.remove(old.taskId);
                source.deleteRecordOnLane(PREFIX + old.taskId);
            }
        }
    }

    private void schedule(MoveTask task, SqsQueue source) {
        timer.schedule(() -> source.lane().execute(() -> tickOnLane(task, source)), TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tickOnLane(MoveTask task, SqsQueue source) {
        if (source.deleted()) {
            return;
        }
        if (task.status == MoveTask.Status.CANCELLING || task.moved + task.inTransit >= task.toMove) {
            if (task.inTransit == 0) {
                finishOnLane(task, source, task.status == MoveTask.Status.CANCELLING
                        ? MoveTask.Status.CANCELLED : MoveTask.Status.COMPLETED, null);
            } else {
                schedule(task, source);
            }
            return;
        }
        int rate = task.maxPerSecond == null ? MAX_RATE : task.maxPerSecond;
        task.credit = Math.min(task.credit + rate * TICK_MILLIS, rate * 1000L);
        int take = (int) Math.min(task.credit / 1000, task.toMove - task.moved - task.inTransit);
        List<ClaimedMessage> claimed = take == 0 ? List.of() : source.claimForMoveOnLane(take);
        if (take > 0 && claimed.isEmpty() && task.inTransit == 0) {
            finishOnLane(task, source, MoveTask.Status.COMPLETED, null);
            return;
        }
        task.credit -= claimed.size() * 1000L;
        for (ClaimedMessage c : claimed) {
            if (!moveOnLane(task, source, c)) {
                return;
            }
        }
        source.putRecordOnLane(PREFIX + task.taskId, task.encode());
        schedule(task, source);
    }

    /** Sends one message on its way; false (and the task failed) when it has nowhere to go. */
    private boolean moveOnLane(MoveTask task, SqsQueue source, ClaimedMessage claimed) {
        StoredMessage message = StoredMessage.decode(claimed.payload());
        String target = task.destinationArn != null ? task.destinationArn : message.deadLetterSourceArn();
        SqsQueue destination = target == null ? null : registry.find(Arn.parse(target));
        if (destination == null || destination.deleted()) {
            finishOnLane(task, source, MoveTask.Status.FAILED, target == null
                    ? "A message in the source queue was not moved there from another queue, and no DestinationArn was given."
                    : "AWS.SimpleQueueService.NonExistentQueue: the destination queue " + target + " does not exist.");
            return false;
        }
        task.inTransit++;
        destination.<Void>onLane(() -> destination.acceptDeadLetterOnLane(message.withDeadLetterSource(null)))
                .whenCompleteAsync((v, error) -> {
                    task.inTransit--;
                    if (error == null && !source.deleted()) {
                        source.deleteMovedOnLane(claimed);
                        task.moved++;
                        // the count is durable with the delete, so a restart neither loses nor repeats it
                        source.putRecordOnLane(PREFIX + task.taskId, task.encode());
                    }
                }, source.lane());
        return true;
    }

    private void finishOnLane(MoveTask task, SqsQueue source, MoveTask.Status status, String reason) {
        task.status = status;
        task.failureReason = reason;
        source.putRecordOnLane(PREFIX + task.taskId, task.encode());
    }
}
