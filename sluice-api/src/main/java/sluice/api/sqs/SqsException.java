package sluice.api.sqs;

/**
 * An SQS error with the message text AWS would send. Services complete futures with it; the
 * protocol layer encodes it in the request's dialect. No stack trace: it is an expected outcome.
 */
public final class SqsException extends RuntimeException {
    private final SqsError error;

    public SqsException(SqsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public SqsError error() {
        return error;
    }

    public static SqsException missingParameter(String name) {
        return SqsError.MISSING_PARAMETER.error("The request must contain the parameter " + name + ".");
    }

    public static SqsException invalidParameter(String message) {
        return SqsError.INVALID_PARAMETER_VALUE.error(message);
    }

    public static SqsException queueDoesNotExist() {
        return SqsError.QUEUE_DOES_NOT_EXIST.error("The specified queue does not exist.");
    }
}
