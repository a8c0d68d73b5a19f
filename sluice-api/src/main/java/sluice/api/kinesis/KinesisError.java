package sluice.api.kinesis;

/**
 * The Kinesis error catalogue: the {@code __type} shape name and HTTP status of every error
 * Sluice's Kinesis answers with, as AWS's service model gives them (errors.md, Kinesis section).
 * Every modeled Kinesis error is a 400 except InternalFailureException (500).
 */
public enum KinesisError {
    ACCESS_DENIED("AccessDeniedException", 400),
    EXPIRED_ITERATOR("ExpiredIteratorException", 400),
    /** A call with DryRun set that would have succeeded. */
    DRY_RUN("DryRunOperationException", 400),
    EXPIRED_NEXT_TOKEN("ExpiredNextTokenException", 400),
    INTERNAL_FAILURE("InternalFailureException", 500),
    INVALID_ARGUMENT("InvalidArgumentException", 400),
    KMS_ACCESS_DENIED("KMSAccessDeniedException", 400),
    KMS_DISABLED("KMSDisabledException", 400),
    KMS_INVALID_STATE("KMSInvalidStateException", 400),
    KMS_NOT_FOUND("KMSNotFoundException", 400),
    KMS_OPT_IN_REQUIRED("KMSOptInRequired", 400),
    KMS_THROTTLING("KMSThrottlingException", 400),
    LIMIT_EXCEEDED("LimitExceededException", 400),
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException", 400),
    RESOURCE_IN_USE("ResourceInUseException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    VALIDATION("ValidationException", 400),
    // common errors of every AWS JSON service
    SERIALIZATION("SerializationException", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    // authentication failures, named as sluice.protocol.auth.AuthFailure names them (JSON services' codes)
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400),
    INVALID_CLIENT_TOKEN_ID("UnrecognizedClientException", 403),
    SIGNATURE_DOES_NOT_MATCH("InvalidSignatureException", 403),
    REQUEST_EXPIRED("RequestExpired", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413);

    private final String type;
    private final int status;

    KinesisError(String type, int status) {
        this.type = type;
        this.status = status;
    }

    /** The {@code __type} member of an error body. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public KinesisException error(String message) {
        return new KinesisException(this, message);
    }
}
