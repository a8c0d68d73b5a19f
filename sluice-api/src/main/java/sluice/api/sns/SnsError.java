package sluice.api.sns;

/**
 * The SNS error catalogue: every error Sluice's SNS answers with. Each entry carries the modeled
 * shape name, the query error code sent in {@code <Code>} (which the SDKs map to an exception
 * class), the HTTP status and whether the fault is the sender's, as AWS's service model gives
 * them (shared/aws-api/errors.md, SNS section), followed by the common errors of every AWS query
 * service. Pinned by {@code SnsErrorCatalogueTest}.
 */
public enum SnsError {
    // modeled shapes
    AUTHORIZATION_ERROR("AuthorizationErrorException", "AuthorizationError", 403),
    BATCH_ENTRY_IDS_NOT_DISTINCT("BatchEntryIdsNotDistinctException", "BatchEntryIdsNotDistinct", 400),
    BATCH_REQUEST_TOO_LONG("BatchRequestTooLongException", "BatchRequestTooLong", 400),
    CONCURRENT_ACCESS("ConcurrentAccessException", "ConcurrentAccess", 400),
    EMPTY_BATCH_REQUEST("EmptyBatchRequestException", "EmptyBatchRequest", 400),
    ENDPOINT_DISABLED("EndpointDisabledException", "EndpointDisabled", 400),
    FILTER_POLICY_LIMIT_EXCEEDED("FilterPolicyLimitExceededException", "FilterPolicyLimitExceeded", 403),
    INTERNAL_ERROR("InternalErrorException", "InternalError", 500, false),
    INVALID_BATCH_ENTRY_ID("InvalidBatchEntryIdException", "InvalidBatchEntryId", 400),
    INVALID_PARAMETER("InvalidParameterException", "InvalidParameter", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValueException", "ParameterValueInvalid", 400),
    INVALID_SECURITY("InvalidSecurityException", "InvalidSecurity", 403),
    INVALID_STATE("InvalidStateException", "InvalidState", 400),
    KMS_ACCESS_DENIED("KMSAccessDeniedException", "KMSAccessDenied", 400),
    KMS_DISABLED("KMSDisabledException", "KMSDisabled", 400),
    KMS_INVALID_STATE("KMSInvalidStateException", "KMSInvalidState", 400),
    KMS_NOT_FOUND("KMSNotFoundException", "KMSNotFound", 400),
    KMS_OPT_IN_REQUIRED("KMSOptInRequired", "KMSOptInRequired", 403),
    KMS_THROTTLING("KMSThrottlingException", "KMSThrottling", 400),
    NOT_FOUND("NotFoundException", "NotFound", 404),
    OPTED_OUT("OptedOutException", "OptedOut", 400),
    PLATFORM_APPLICATION_DISABLED("PlatformApplicationDisabledException", "PlatformApplicationDisabled", 400),
    REPLAY_LIMIT_EXCEEDED("ReplayLimitExceededException", "ReplayLimitExceeded", 403),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", "ResourceNotFound", 404),
    STALE_TAG("StaleTagException", "StaleTag", 400),
    SUBSCRIPTION_LIMIT_EXCEEDED("SubscriptionLimitExceededException", "SubscriptionLimitExceeded", 403),
    TAG_LIMIT_EXCEEDED("TagLimitExceededException", "TagLimitExceeded", 400),
    TAG_POLICY("TagPolicyException", "TagPolicy", 400),
    THROTTLED("ThrottledException", "Throttled", 429),
    TOO_MANY_ENTRIES_IN_BATCH_REQUEST("TooManyEntriesInBatchRequestException", "TooManyEntriesInBatchRequest", 400),
    TOPIC_LIMIT_EXCEEDED("TopicLimitExceededException", "TopicLimitExceeded", 403),
    USER_ERROR("UserErrorException", "UserError", 400),
    VALIDATION("ValidationException", "ValidationException", 400),
    /** Modeled without status or query code: the wire code is the shape name, the status 400 by convention. */
    VERIFICATION("VerificationException", "VerificationException", 400),
    // common errors of every AWS query service
    /** AWS's request validation (a required member absent, a value outside its constraints). */
    VALIDATION_ERROR("ValidationError", "ValidationError", 400),
    INVALID_ACTION("InvalidAction", "InvalidAction", 400),
    MISSING_ACTION("MissingAction", "MissingAction", 400),
    MALFORMED_QUERY_STRING("MalformedQueryString", "MalformedQueryString", 404),
    ACCESS_DENIED("AccessDenied", "AccessDenied", 403),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", "InvalidClientTokenId", 403),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", "SignatureDoesNotMatch", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignature", "IncompleteSignature", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", "MissingAuthenticationToken", 403),
    REQUEST_EXPIRED("RequestExpired", "RequestExpired", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", "RequestEntityTooLarge", 413),
    SERVICE_UNAVAILABLE("ServiceUnavailable", "ServiceUnavailable", 503, false),
    INTERNAL_FAILURE("InternalFailure", "InternalFailure", 500, false);

    private final String shape;
    private final String queryCode;
    private final int httpStatus;
    private final boolean senderFault;

    SnsError(String shape, String queryCode, int httpStatus) {
        this(shape, queryCode, httpStatus, true);
    }

    SnsError(String shape, String queryCode, int httpStatus, boolean senderFault) {
        this.shape = shape;
        this.queryCode = queryCode;
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
    }

    /** The modeled shape name, e.g. {@code NotFoundException}. */
    public String shape() {
        return shape;
    }

    /** The query error code, e.g. {@code NotFound}. */
    public String queryCode() {
        return queryCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean senderFault() {
        return senderFault;
    }

    public SnsException error(String message) {
        return new SnsException(this, message);
    }
}
