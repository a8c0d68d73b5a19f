package sluice.protocol.auth;

/**
 * Thrown inside the verifier to abandon a request; {@link SigV4Verifier} turns it into a
 * {@link AuthOutcome.Rejected}. Carries no stack trace, so rejecting stays cheap.
 */
final class Rejection extends RuntimeException {
    private final AuthFailure failure;

    Rejection(AuthFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    AuthOutcome.Rejected outcome() {
        return new AuthOutcome.Rejected(failure, getMessage());
    }
}
