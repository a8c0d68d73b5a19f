package sluice.protocol.auth;

/** The result of {@link SigV4Verifier#verify(SignedRequest)}: either the caller is known, or why not. */
public sealed interface AuthOutcome {

    /** The signature is valid; {@code region} and {@code service} come from the credential scope. */
    record Authenticated(Credential credential, String region, String service) implements AuthOutcome {
    }

    /** The request is refused; {@code message} is the AWS-style text to put in the error response. */
    record Rejected(AuthFailure failure, String message) implements AuthOutcome {
    }
}
