package sluice.api.kinesis;

/**
 * A Kinesis error with the message text AWS would send. Services complete futures with it; the
 * protocol layer encodes it in the request's format (JSON or CBOR). No stack trace: it is an
 * expected outcome.
 */
public final class KinesisException extends RuntimeException {
    private final KinesisError error;

    public KinesisException(KinesisError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public KinesisError error() {
        return error;
    }

    public static KinesisException invalidArgument(String message) {
        return KinesisError.INVALID_ARGUMENT.error(message);
    }

    public static KinesisException validation(String message) {
        return KinesisError.VALIDATION.error(message);
    }
}
