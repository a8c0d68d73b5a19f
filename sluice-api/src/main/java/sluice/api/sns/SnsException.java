package sluice.api.sns;

/**
 * An SNS error with the message text AWS would send. Services complete futures with it; the
 * protocol layer encodes it as an {@code <ErrorResponse>}. No stack trace: it is an expected outcome.
 */
public final class SnsException extends RuntimeException {
    private final SnsError error;

    public SnsException(SnsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public SnsError error() {
        return error;
    }

    /** InvalidParameter with AWS's prefix: {@code Invalid parameter: <detail>}. */
    public static SnsException invalidParameter(String detail) {
        return SnsError.INVALID_PARAMETER.error("Invalid parameter: " + detail);
    }

    /**
     * A required member that is absent, as AWS's request validation words it; {@code member} is
     * the model's member name in lower camel case ({@code topicArn}).
     */
    public static SnsException missing(String member) {
        return SnsError.VALIDATION_ERROR.error("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    public static SnsException topicNotFound() {
        return SnsError.NOT_FOUND.error("Topic does not exist");
    }

    public static SnsException subscriptionNotFound() {
        return SnsError.NOT_FOUND.error("Subscription does not exist");
    }
}
