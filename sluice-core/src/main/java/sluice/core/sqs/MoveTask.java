package sluice.core.sqs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import sluice.api.sqs.SqsResult;
import sluice.common.Json;

/**
 * One message move task: where it moves from and to, how fast, and how far it got. Its mutable
 * fields change only on the source queue's lane; other threads read them for listings, so they are
 * volatile. Stored as a JSON record of the source queue, so progress survives a restart.
 */
final class MoveTask {
    enum Status { RUNNING, CANCELLING, CANCELLED, COMPLETED, FAILED }

    final String taskId;
    final String sourceArn;
    final String destinationArn;
    final Integer maxPerSecond;
    final long toMove;
    final long startedAt;
    volatile Status status;
    volatile long moved;
    volatile String failureReason;
    /** Messages claimed and on their way, not yet deleted from the source (lane-confined). */
    int inTransit;
    /** Messages the rate allows but not yet taken, in thousandths (lane-confined). */
    long credit;

    MoveTask(String taskId, String sourceArn, String destinationArn, Integer maxPerSecond, long toMove, long startedAt,
             Status status, long moved, String failureReason) {
        this.taskId = taskId;
        this.sourceArn = sourceArn;
        this.destinationArn = destinationArn;
        this.maxPerSecond = maxPerSecond;
        this.toMove = toMove;
        this.startedAt = startedAt;
        this.status = status;
        this.moved = moved;
        this.failureReason = failureReason;
    }

    boolean active() {
        return status == Status.RUNNING || status == Status.CANCELLING;
    }

    /** The opaque handle AWS gives out: base64 of a small JSON naming the task and its source. */
    String handle() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("taskId", taskId);
        doc.put("sourceArn", sourceArn);
        return java.util.Base64.getEncoder().encodeToString(Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    SqsResult.MoveTask view() {
        return new SqsResult.MoveTask(status == Status.RUNNING ? handle() : null, status.name(), sourceArn, destinationArn,
                maxPerSecond, moved, toMove, failureReason, startedAt);
    }

    byte[] encode() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("taskId", taskId);
        doc.put("sourceArn", sourceArn);
        doc.put("destinationArn", destinationArn);
        doc.put("maxPerSecond", maxPerSecond);
        doc.put("toMove", toMove);
        doc.put("startedAt", startedAt);
        doc.put("status", status.name());
        doc.put("moved", moved);
        doc.put("failureReason", failureReason);
        return Json.write(doc).getBytes(StandardCharsets.UTF_8);
    }

    static MoveTask decode(byte[] bytes) {
        Map<?, ?> doc = (Map<?, ?>) Json.parse(new String(bytes, StandardCharsets.UTF_8));
        Object rate = doc.get("maxPerSecond");
        return new MoveTask((String) doc.get("taskId"), (String) doc.get("sourceArn"), (String) doc.get("destinationArn"),
                rate == null ? null : ((Number) rate).intValue(), ((Number) doc.get("toMove")).longValue(),
                ((Number) doc.get("startedAt")).longValue(), Status.valueOf((String) doc.get("status")),
                ((Number) doc.get("moved")).longValue(), (String) doc.get("failureReason"));
    }

    /** The task id inside a handle, or null when the text is not a handle. */
    static String taskIdOf(String handle) {
        try {
            Object doc = Json.parse(new String(java.util.Base64.getDecoder().decode(handle), StandardCharsets.UTF_8));
            return doc instanceof Map<?, ?> m && m.get("taskId") instanceof String id ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
