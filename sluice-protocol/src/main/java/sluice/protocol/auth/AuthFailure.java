package sluice.protocol.auth;

/**
 * Why a request failed authentication, with the AWS error code and HTTP status that AWS's query and JSON
 * services (SQS, SNS, Kinesis, Firehose) send for it. See the "Common Errors" page of each service's API
 * reference for codes and statuses.
 */
public enum AuthFailure {
    /** No Authorization header and no {@code X-Amz-*} query authentication at all. */
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403),
    /** The Authorization header or the presigned query parameters are malformed or incomplete. */
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
    /** The access key id is not known. */
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
    /** The signature, credential scope or request time is wrong (AWS reports clock skew under this code too). */
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    /** A presigned URL used after its {@code X-Amz-Expires} lifetime. */
    REQUEST_EXPIRED("RequestExpired", 400);

    private final String code;
    private final int httpStatus;

    AuthFailure(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The AWS error code, e.g. {@code SignatureDoesNotMatch}. */
    public String code() {
        return code;
    }

    /** The HTTP status AWS answers with. */
    public int httpStatus() {
        return httpStatus;
    }
}
