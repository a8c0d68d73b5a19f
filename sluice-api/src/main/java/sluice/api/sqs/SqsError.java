package sluice.api.sqs;

/**
 * The SQS error catalogue: every error Sluice's SQS answers with. Each entry carries the JSON
 * {@code __type} shape name, the query-dialect code (also sent in {@code x-amzn-query-error}), the
 * HTTP status and whether the fault is the sender's, as AWS's service model and documentation give
 * them. Pinned by {@code SqsErrorCatalogueTest}.
 */
public enum SqsError {
    // modeled shapes
    BATCH_ENTRY_IDS_NOT_DISTINCT("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    BATCH_REQUEST_TOO_LONG("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400),
    EMPTY_BATCH_REQUEST("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400),
    INVALID_ADDRESS("InvalidAddress", "InvalidAddress", 404),
    INVALID_ATTRIBUTE_NAME("InvalidAttributeName", "InvalidAttributeName", 400),
    INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue", "InvalidAttributeValue", 400),
    INVALID_BATCH_ENTRY_ID("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    INVALID_ID_FORMAT("InvalidIdFormat", "InvalidIdFormat", 400),
    INVALID_MESSAGE_CONTENTS("InvalidMessageContents", "InvalidMessageContents", 400),
    INVALID_SECURITY("InvalidSecurity", "InvalidSecurity", 403),
    KMS_ACCESS_DENIED("KmsAccessDenied", "KMS.AccessDeniedException", 400),
    KMS_NOT_FOUND("KmsNotFound", "KMS.NotFoundException", 400),
    MESSAGE_NOT_INFLIGHT("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400),
    OVER_LIMIT("OverLimit", "OverLimit", 403),
    PURGE_QUEUE_IN_PROGRESS("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    QUEUE_DELETED_RECENTLY("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400),
    QUEUE_DOES_NOT_EXIST("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400),
    QUEUE_NAME_EXISTS("QueueNameExists", "QueueAlreadyExists", 400),
    RECEIPT_HANDLE_IS_INVALID("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404),
    REQUEST_THROTTLED("RequestThrottled", "RequestThrottled", 403),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", "ResourceNotFoundException", 404),
    TOO_MANY_ENTRIES_IN_BATCH_REQUEST("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    UNSUPPORTED_OPERATION("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400),
    // common errors of every AWS query/JSON service
    INVALID_PARAMETER_VALUE("InvalidParameterValue", "InvalidParameterValue", 400),
    MISSING_PARAMETER("MissingParameter", "MissingParameter", 400),
    INVALID_ACTION("InvalidAction", "InvalidAction", 400),
    MALFORMED_QUERY_STRING("MalformedQueryString", "MalformedQueryString", 404),
    SERIALIZATION_EXCEPTION("SerializationException", "SerializationException", 400),
    ACCESS_DENIED("AccessDenied", "AccessDenied", 403),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", "InvalidClientTokenId", 403),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", "SignatureDoesNotMatch", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignature", "IncompleteSignature", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", "MissingAuthenticationToken", 403),
    REQUEST_EXPIRED("RequestExpired", "RequestExpired", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", "RequestEntityTooLarge", 413),
    SERVICE_UNAVAILABLE("ServiceUnavailable", "ServiceUnavailable", 503, false),
    INTERNAL_FAILURE("InternalFailure", "InternalFailure", 500, false),
    /** A query request without an {@code Action} parameter (or a JSON request without a target). */
    MISSING_ACTION("MissingAction", "MissingAction", 400);

    private final String shape;
    private final String queryCode;
    private final int httpStatus;
    private final boolean senderFault;

    SqsError(String shape, String queryCode, int httpStatus) {
        this(shape, queryCode, httpStatus, true);
    }

    SqsError(String shape, String queryCode, int httpStatus, boolean senderFault) {
        this.shape = shape;
        this.queryCode = queryCode;
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
    }

    /** The JSON {@code __type} shape name, e.g. {@code QueueDoesNotExist}. */
    public String shape() {
        return shape;
    }

    /** The query-dialect error code, e.g. {@code AWS.SimpleQueueService.NonExistentQueue}. */
    public String queryCode() {
        return queryCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean senderFault() {
        return senderFault;
    }

    public SqsException error(String message) {
        return new SqsException(this, message);
    }
}
