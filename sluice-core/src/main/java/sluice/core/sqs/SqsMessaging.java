package sluice.core.sqs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import sluice.api.sqs.SqsContext;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;
import sluice.api.sqs.SqsResult;
import sluice.api.sqs.SqsResult.BatchFailure;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.storage.MessageStore;

/**
 * The message operations of SQS: send, receive, delete and visibility changes, single and batched,
 * with AWS's validation. Everything that touches messages runs on the queue's lane; answers to
 * writes complete once the engine reports them durable, on the thread that learnt it (the
 * committer): what follows there is only assembling the result, callers encode elsewhere.
 */
final class SqsMessaging {
    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = 1_048_576;
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** Message group and deduplication ids: ASCII letters, digits and punctuation, 1 to 128. */
    private static final Pattern ID = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

    private final ReceiptHandles receipts;
    private final Clock clock;
    private final Randomness randomness;

    SqsMessaging(ReceiptHandles receipts, Clock clock, Randomness randomness) {
        this.receipts = receipts;
        this.clock = clock;
        this.randomness = randomness;
    }

    CompletableFuture<SqsResult> send(SqsContext ctx, SqsQueue queue, SqsRequest.SendMessage r) {
        QueueSettings settings = queue.settings();
        MessageValidator.validate(r.entry(), settings.maximumMessageSize());
        Outgoing out = prepare(ctx, settings, r.entry());
        return queue.onLane(() -> queue.sendOnLane(List.of(out))).thenApply(sent -> sendResult(out, sent.get(0)));
    }

    CompletableFuture<SqsResult> sendBatch(SqsContext ctx, SqsQueue queue, SqsRequest.SendMessageBatch r) {
        checkBatch(r.entries().stream().map(SqsRequest.SendBatchEntry::id).toList(), "SendMessageBatchRequestEntry");
        QueueSettings settings = queue.settings();
        List<String> ids = new ArrayList<>();
        List<Outgoing> outgoing = new ArrayList<>();
        List<BatchFailure> failed = new ArrayList<>();
        long total = 0;
        for (SqsRequest.SendBatchEntry e : r.entries()) {
            try {
                total += MessageValidator.validate(e.entry(), settings.maximumMessageSize());
                outgoing.add(prepare(ctx, settings, e.entry()));
                ids.add(e.id());
            } catch (SqsException ex) {
                failed.add(failure(e.id(), ex));
            }
        }
        if (total > MAX_BATCH_BYTES) {
            throw SqsError.BATCH_REQUEST_TOO_LONG.error("Batch requests cannot be longer than " + MAX_BATCH_BYTES
                    + " bytes. You have sent " + total + " bytes.");
        }
        CompletableFuture<List<Outgoing.Sent>> sent = outgoing.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : queue.onLane(() -> queue.sendOnLane(outgoing));
        return sent.thenApply(results -> {
            List<SqsResult.SendBatchSuccess> ok = new ArrayList<>();
            for (int i = 0; i < outgoing.size(); i++) {
                ok.add(new SqsResult.SendBatchSuccess(ids.get(i), sendResult(outgoing.get(i), results.get(i))));
            }
            return new SqsResult.SendMessageBatch(ok, failed);
        });
    }

    /**
     * The queue-type rules of a send: FIFO queues need a message group, take no per-message delay
     * and deduplicate by explicit id or body hash; standard queues take a group (fair queues) but no
     * deduplication id.
     */
    private Outgoing prepare(SqsContext ctx, QueueSettings settings, SqsRequest.SendEntry e) {
        String group = e.messageGroupId();
        String dedupId = e.messageDeduplicationId();
        if (group != null) {
            checkId("MessageGroupId", group);
        }
        if (!settings.fifo()) {
            if (dedupId != null) {
                throw SqsException.invalidParameter("Value " + dedupId
                        + " for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.");
            }
            int delay = e.delaySeconds() != null ? e.delaySeconds() : settings.delaySeconds();
            return new Outgoing(toStored(ctx, e, null), delay, null);
        }
        if (group == null) {
            throw SqsException.missingParameter("MessageGroupId");
        }
        if (e.delaySeconds() != null && e.delaySeconds() != 0) {
            throw SqsException.invalidParameter("Value " + e.delaySeconds()
                    + " for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");
        }
        if (dedupId == null) {
            if (!settings.contentBasedDeduplication()) {
                throw SqsException.invalidParameter("The queue should either have ContentBasedDeduplication enabled "
                        + "or MessageDeduplicationId provided explicitly");
            }
            dedupId = sha256(e.messageBody());
        } else {
            checkId("MessageDeduplicationId", dedupId);
        }
        String key = settings.deduplicationPerGroup() ? "g/" + group + "/" + dedupId : "q/" + dedupId;
        return new Outgoing(toStored(ctx, e, dedupId), settings.delaySeconds(), key);
    }

    private static void checkId(String name, String value) {
        if (!ID.matcher(value).matches()) {
            throw SqsException.invalidParameter("Value " + value + " for parameter " + name + " is invalid. Reason: "
                    + name + " can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        }
    }

    private static String sha256(String body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private StoredMessage toStored(SqsContext ctx, SqsRequest.SendEntry e, String deduplicationId) {
        return new StoredMessage(randomness.uuid().toString(), clock.millis(), ctx.scope().account(),
                e.messageBody(), MessageDigests.ofBody(e.messageBody()),
                e.messageAttributes(), MessageDigests.ofAttributes(e.messageAttributes()),
                e.messageSystemAttributes(), MessageDigests.ofAttributes(e.messageSystemAttributes()),
                e.messageGroupId(), deduplicationId, null, null);
    }

    private static SqsResult.SendMessage sendResult(Outgoing out, Outgoing.Sent sent) {
        StoredMessage m = out.message();
        return new SqsResult.SendMessage(sent.messageId(), m.md5OfBody(), m.md5OfAttributes(), m.md5OfSystemAttributes(),
                sent.sequenceNumber());
    }

    CompletableFuture<SqsResult> receive(SqsQueue queue, SqsRequest.ReceiveMessage r) {
        QueueSettings settings = queue.settings();
        int max = r.maxNumberOfMessages() == null ? 1 : r.maxNumberOfMessages();
        if (max < 1 || max > 10) {
            throw SqsException.invalidParameter("Value " + max
                    + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }
        int visibility = r.visibilityTimeout() == null ? settings.visibilityTimeoutSeconds() : r.visibilityTimeout();
        if (visibility < 0 || visibility > 43200) {
            throw SqsException.invalidParameter("Value " + visibility
                    + " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.");
        }
        int wait = r.waitTimeSeconds() == null ? settings.receiveWaitSeconds() : r.waitTimeSeconds();
        if (wait < 0 || wait > 20) {
            throw SqsException.invalidParameter("Value " + wait
                    + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.");
        }
        Set<String> system = new HashSet<>(r.attributeNames());
        system.addAll(r.messageSystemAttributeNames());
        if (r.receiveRequestAttemptId() != null) {
            checkId("ReceiveRequestAttemptId", r.receiveRequestAttemptId());
        }
        ReceiveOptions options = new ReceiveOptions(max, visibility, wait, system, r.messageAttributeNames(),
                r.receiveRequestAttemptId());
        return queue.onLane(() -> queue.receiveOnLane(options));
    }

    CompletableFuture<SqsResult> delete(SqsQueue queue, SqsRequest.DeleteMessage r) {
        ReceiptHandles.Receipt receipt = openReceipt(queue, r.receiptHandle());
        return queue.<Void>onLane(() -> queue.deleteOnLane(receipt)).thenApply(v -> new SqsResult.Empty());
    }

    CompletableFuture<SqsResult> deleteBatch(SqsQueue queue, SqsRequest.DeleteMessageBatch r) {
        checkBatch(r.entries().stream().map(SqsRequest.ReceiptEntry::id).toList(), "DeleteMessageBatchRequestEntry");
        return queue.onLane(() -> {
            List<String> ok = new ArrayList<>();
            List<BatchFailure> failed = new ArrayList<>();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (SqsRequest.ReceiptEntry e : r.entries()) {
                try {
                    writes.add(queue.deleteOnLane(openReceipt(queue, e.receiptHandle())));
                    ok.add(e.id());
                } catch (SqsException ex) {
                    failed.add(failure(e.id(), ex));
                }
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                    .thenApply(v -> (SqsResult) new SqsResult.IdBatch(ok, failed));
        });
    }

    CompletableFuture<SqsResult> changeVisibility(SqsQueue queue, SqsRequest.ChangeMessageVisibility r) {
        ReceiptHandles.Receipt receipt = openReceipt(queue, r.receiptHandle());
        int seconds = visibilityOf(r.visibilityTimeout());
        return queue.onLane(() -> {
            checkOutcome(queue.changeVisibilityOnLane(receipt, seconds), r.receiptHandle());
            return CompletableFuture.completedFuture((SqsResult) new SqsResult.Empty());
        });
    }

    CompletableFuture<SqsResult> changeVisibilityBatch(SqsQueue queue, SqsRequest.ChangeMessageVisibilityBatch r) {
        checkBatch(r.entries().stream().map(SqsRequest.VisibilityEntry::id).toList(), "ChangeMessageVisibilityBatchRequestEntry");
        return queue.onLane(() -> {
            List<String> ok = new ArrayList<>();
            List<BatchFailure> failed = new ArrayList<>();
            for (SqsRequest.VisibilityEntry e : r.entries()) {
                try {
                    int seconds = visibilityOf(e.visibilityTimeout());
                    checkOutcome(queue.changeVisibilityOnLane(openReceipt(queue, e.receiptHandle()), seconds), e.receiptHandle());
                    ok.add(e.id());
                } catch (SqsException ex) {
                    failed.add(failure(e.id(), ex));
                }
            }
            return CompletableFuture.completedFuture((SqsResult) new SqsResult.IdBatch(ok, failed));
        });
    }

    private static int visibilityOf(Integer seconds) {
        if (seconds == null) {
            throw SqsException.missingParameter("VisibilityTimeout");
        }
        if (seconds < 0 || seconds > 43200) {
            throw SqsException.invalidParameter("Value " + seconds
                    + " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        }
        return seconds;
    }

    private static void checkOutcome(MessageStore.VisibilityOutcome outcome, String handle) {
        switch (outcome) {
            case CHANGED -> {
            }
            case STALE_RECEIPT -> throw SqsException.invalidParameter("Value " + handle
                    + " for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.");
            case NOT_IN_FLIGHT, NO_SUCH_MESSAGE -> throw SqsError.MESSAGE_NOT_INFLIGHT.error(
                    "Message does not exist or is not available for visibility timeout change.");
        }
    }

    private ReceiptHandles.Receipt openReceipt(SqsQueue queue, String handle) {
        if (handle == null || handle.isEmpty()) {
            throw SqsException.missingParameter("ReceiptHandle");
        }
        ReceiptHandles.Receipt receipt = receipts.open(handle);
        if (receipt == null || receipt.queueId() != queue.id()) {
            throw SqsError.RECEIPT_HANDLE_IS_INVALID.error("The input receipt handle \"" + handle
                    + "\" is not a valid receipt handle.");
        }
        return receipt;
    }

    private static BatchFailure failure(String id, SqsException e) {
        return new BatchFailure(id, e.error().senderFault(), e.error().shape(), e.getMessage());
    }

    /** AWS's batch rules: not empty, at most ten entries, well-formed and distinct ids. */
    private static void checkBatch(List<String> ids, String entryName) {
        if (ids.isEmpty()) {
            throw SqsError.EMPTY_BATCH_REQUEST.error("There should be at least one " + entryName + " in the request.");
        }
        if (ids.size() > MAX_BATCH_ENTRIES) {
            throw SqsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST.error("Maximum number of entries per request are "
                    + MAX_BATCH_ENTRIES + ". You have sent " + ids.size() + ".");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || !BATCH_ID.matcher(id).matches()) {
                throw SqsError.INVALID_BATCH_ENTRY_ID.error("A batch entry id can only contain alphanumeric characters, "
                        + "hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!seen.add(id)) {
                throw SqsError.BATCH_ENTRY_IDS_NOT_DISTINCT.error("Id " + id + " repeated.");
            }
        }
    }
}
