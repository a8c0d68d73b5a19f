package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sluice.common.ManualClock;

/** Shared keys, times and assertions for the SigV4 tests. */
final class AuthFixtures {
    static final Credential ALICE =
            new Credential("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "000000000000");
    static final Credential BOB = new Credential("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
                                                 "111111111111");
    static final CredentialStore STORE = accessKeyId -> Optional.ofNullable(
            accessKeyId.equals(ALICE.accessKeyId()) ? ALICE : accessKeyId.equals(BOB.accessKeyId()) ? BOB : null);

    static final Instant NOW = Instant.parse("2026-11-25T10:46:00Z");
    static final String QUEUE_PATH = "/000000000000/my-queue";
    static final byte[] FORM_BODY = ("Action=SendMessage"
            + "&QueueUrl=http%3A%2F%2Flocalhost%3A9324%2F000000000000%2Fmy-queue"
            + "&MessageBody=hello+w%C3%B6rld%21+%26+more&DelaySeconds=0").getBytes(StandardCharsets.UTF_8);

    private AuthFixtures() {
    }

    static ManualClock clockAt(Instant instant) {
        return new ManualClock(instant.toEpochMilli());
    }

    static SigV4Verifier verifierAt(Instant instant) {
        return new SigV4Verifier(STORE, clockAt(instant));
    }

    static AuthOutcome.Authenticated assertAuthenticated(AuthOutcome outcome, Credential credential, String region,
                                                        String service) {
        AuthOutcome.Authenticated ok = assertInstanceOf(AuthOutcome.Authenticated.class, outcome, outcome::toString);
        assertEquals(credential, ok.credential());
        assertEquals(region, ok.region());
        assertEquals(service, ok.service());
        return ok;
    }

    /** Asserts a rejection for {@code failure} and returns its message. */
    static String assertRejected(AuthOutcome outcome, AuthFailure failure) {
        AuthOutcome.Rejected rejected = assertInstanceOf(AuthOutcome.Rejected.class, outcome, outcome::toString);
        assertEquals(failure, rejected.failure(), rejected::message);
        return rejected.message();
    }

    /** A copy of {@code request} with one header replaced (or removed when {@code value} is null). */
    static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    static SignedRequest withBody(SignedRequest request, byte[] body) {
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(), body);
    }

    static SignedRequest withQuery(SignedRequest request, String rawQuery) {
        return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers(), request.body());
    }

    static SignedRequest withPath(SignedRequest request, String rawPath) {
        return new SignedRequest(request.method(), rawPath, request.rawQuery(), request.headers(), request.body());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
