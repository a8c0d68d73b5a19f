package sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import sluice.common.Clock;

/*
 * Design
 * ------
 * verify() runs a fixed pipeline; each step either passes or ends the request with a Rejected outcome:
 *
 *   1. AuthorizationParser reads a SignatureClaim from the Authorization header or the presigned X-Amz-*
 *      query parameters (syntax only: IncompleteSignature / MissingAuthenticationToken).
 *   2. The credential scope is checked against the request date and the aws4_request terminator, and the
 *      date against the clock (15 minutes either way; X-Amz-Expires for presigned URLs).
 *   3. The access key is looked up in the CredentialStore (InvalidClientTokenId).
 *   4. The canonical request is rebuilt exactly as the AWS SDK v2 signer builds it for non-S3 services
 *      (path normalized, then each segment URI-encoded a second time; query pairs decoded, re-encoded and
 *      sorted; signed headers trimmed and collapsed), hashed into the string to sign, HMAC'd with the
 *      derived signing key, and compared in constant time (SignatureDoesNotMatch).
 *
 * Payload hash: the x-amz-content-sha256 header when present (it must equal the body's SHA-256; the
 * literal UNSIGNED-PAYLOAD is accepted only on presigned requests, because for query/JSON protocols the body
 * *is* the operation), else the body's SHA-256. A presigned request without the header is tried with the
 * body hash (what the SDK presigner signs) and then with UNSIGNED-PAYLOAD.
 *
 * Garbage never throws: malformed input raises a stackless Rejection inside the pipeline, and any other
 * RuntimeException from parsing or hashing is mapped to a generic rejection. Exceptions thrown by the
 * CredentialStore are server faults, not client input, and propagate.
 *
 * Cost on the hot path: one SHA-256 of the body, one of the canonical request and one HMAC (a presigned
 * request that falls back to UNSIGNED-PAYLOAD pays the last two twice); derived signing keys are cached per
 * (secret, date, region, service) in a bounded map, and Mac/MessageDigest instances are per thread. The
 * class is immutable apart from that cache and safe to share between threads.
 */

/** Verifies AWS Signature Version 4 on requests, both the Authorization-header and presigned-URL forms. */
public final class SigV4Verifier {
    static final long MAX_CLOCK_SKEW_MILLIS = 15 * 60 * 1000L;
    private static final int SIGNING_KEY_CACHE_SIZE = 1024;
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String TERMINATOR = "aws4_request";
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";
    static final String INVALID_KEY = "The security token included in the request is invalid.";
    private static final String NONCONFORMING = "The request signature does not conform to AWS standards.";

    private final CredentialStore store;
    private final Clock clock;
    private final SigningKeyCache signingKeys = new SigningKeyCache(SIGNING_KEY_CACHE_SIZE);

    public SigV4Verifier(CredentialStore store, Clock clock) {
        if (store == null || clock == null) {
            throw new IllegalArgumentException("store and clock are required");
        }
        this.store = store;
        this.clock = clock;
    }

    /** Checks the request's signature; never throws for any request content. */
    public AuthOutcome verify(SignedRequest request) {
        long now = clock.millis();
        SignatureClaim claim;
        try {
            claim = AuthorizationParser.parse(request.headers(), QueryParameter.parse(request.rawQuery()));
            checkScope(claim);
            checkTime(claim, now);
        } catch (Rejection rejection) {
            return rejection.outcome();
        } catch (RuntimeException unexpected) {
            return new AuthOutcome.Rejected(AuthFailure.INCOMPLETE_SIGNATURE, NONCONFORMING);
        }
        Optional<Credential> credential = store.find(claim.accessKeyId());
        if (credential.isEmpty()) {
            return new AuthOutcome.Rejected(AuthFailure.INVALID_CLIENT_TOKEN_ID, INVALID_KEY);
        }
        try {
            return checkSignature(request, claim, credential.get());
        } catch (Rejection rejection) {
            return rejection.outcome();
        } catch (RuntimeException unexpected) {
            return new AuthOutcome.Rejected(AuthFailure.SIGNATURE_DOES_NOT_MATCH, SIGNATURE_MISMATCH);
        }
    }

    private static void checkScope(SignatureClaim claim) {
        if (!claim.terminator().equals(TERMINATOR)) {
            throw mismatch("Credential should be scoped with a valid terminator: '" + TERMINATOR + "', not '"
                    + claim.terminator() + "'.");
        }
        String requestDay = claim.amzDate().substring(0, 8);
        if (!claim.scopeDate().equals(requestDay)) {
            throw mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                    + "HTTP: '" + claim.scopeDate() + "' != '" + requestDay + "', from '" + claim.amzDate() + "'.");
        }
        if (claim.region().isEmpty()) {
            throw mismatch("Credential should be scoped to a valid region, not ''.");
        }
        if (claim.service().isEmpty()) {
            throw mismatch("Credential should be scoped to a valid service, not ''.");
        }
    }

    private static void checkTime(SignatureClaim claim, long now) {
        long date = claim.dateMillis();
        if (date > now + MAX_CLOCK_SKEW_MILLIS) {
            throw mismatch("Signature not yet current: " + claim.amzDate() + " is still later than "
                    + AmzDate.format(now + MAX_CLOCK_SKEW_MILLIS) + " (" + AmzDate.format(now) + " + 15 min.)");
        }
        if (claim.presigned() && claim.expiresSeconds() >= 0) {
            if (now > date + claim.expiresSeconds() * 1000L) {
                throw new Rejection(AuthFailure.REQUEST_EXPIRED, "Request has expired");
            }
        } else if (date < now - MAX_CLOCK_SKEW_MILLIS) {
            throw mismatch("Signature expired: " + claim.amzDate() + " is now earlier than "
                    + AmzDate.format(now - MAX_CLOCK_SKEW_MILLIS) + " (" + AmzDate.format(now) + " - 15 min.)");
        }
    }

    private AuthOutcome checkSignature(SignedRequest request, SignatureClaim claim, Credential credential) {
        List<String> payloadHashes = payloadHashes(request, claim);
        String unsignedParameter = claim.presigned() ? AuthorizationParser.X_AMZ_SIGNATURE : null;
        String canonicalPrefix = CanonicalRequest.withoutPayloadHash(
                request.method(),
                UriEncoding.canonicalPath(request.rawPath()),
                QueryParameter.canonicalQuery(claim.query(), unsignedParameter),
                request.headers(),
                claim.signedHeaders());
        String stringToSignPrefix = AuthorizationParser.ALGORITHM + "\n" + claim.amzDate() + "\n"
                + claim.credentialScope() + "\n";
        byte[] signingKey = signingKeys.signingKey(credential.secretKey(), claim.scopeDate(), claim.region(),
                                                   claim.service());
        byte[] provided = claim.signature().getBytes(StandardCharsets.US_ASCII);
        for (String payloadHash : payloadHashes) {
            String stringToSign = stringToSignPrefix + Hashing.sha256Hex(canonicalPrefix + payloadHash);
            byte[] expected = Hashing.hex(Hashing.hmacSha256(signingKey, stringToSign))
                                     .getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, provided)) {
                return new AuthOutcome.Authenticated(credential, claim.region(), claim.service());
            }
        }
        throw mismatch(SIGNATURE_MISMATCH);
    }

    /** The payload hashes the client may have signed, most likely first. */
    private static List<String> payloadHashes(SignedRequest request, SignatureClaim claim) {
        byte[] body = request.body() == null ? new byte[0] : request.body();
        String declared = AuthorizationParser.header(request.headers(), "x-amz-content-sha256");
        if (declared == null) {
            String actual = Hashing.sha256Hex(body);
            return claim.presigned() ? List.of(actual, UNSIGNED_PAYLOAD) : List.of(actual);
        }
        if (declared.equals(UNSIGNED_PAYLOAD)) {
            if (claim.presigned()) {
                return List.of(UNSIGNED_PAYLOAD);
            }
            throw mismatch("x-amz-content-sha256 'UNSIGNED-PAYLOAD' is only accepted on presigned requests.");
        }
        if (!declared.equalsIgnoreCase(Hashing.sha256Hex(body))) {
            throw mismatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return List.of(declared);
    }

    private static Rejection mismatch(String message) {
        return new Rejection(AuthFailure.SIGNATURE_DOES_NOT_MATCH, message);
    }
}
