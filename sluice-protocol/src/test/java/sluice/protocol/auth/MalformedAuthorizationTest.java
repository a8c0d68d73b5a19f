package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.protocol.auth.AuthFixtures.ALICE;
import static sluice.protocol.auth.AuthFixtures.FORM_BODY;
import static sluice.protocol.auth.AuthFixtures.NOW;
import static sluice.protocol.auth.AuthFixtures.QUEUE_PATH;
import static sluice.protocol.auth.AuthFixtures.assertRejected;
import static sluice.protocol.auth.AuthFixtures.verifierAt;
import static sluice.protocol.auth.AuthFixtures.withHeader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Missing and malformed authentication map to precise rejections, and nothing ever throws. */
class MalformedAuthorizationTest {
    private static final String X_AMZ_DATE = "20261125T104600Z";
    private static final String SCOPE = "/20261125/us-east-1/sqs/aws4_request";

    private static SignedRequest withAuthorization(String authorization) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("localhost:9324"));
        headers.put("x-amz-date", List.of(X_AMZ_DATE));
        headers.put("authorization", List.of(authorization));
        return new SignedRequest("POST", QUEUE_PATH, null, headers, FORM_BODY);
    }

    private static SignedRequest signed() {
        return SdkSigning.as(ALICE, NOW).sign(SdkSigning.request(SdkHttpMethod.POST, QUEUE_PATH), FORM_BODY);
    }

    @Test
    void requestWithoutAnyAuthenticationIsMissingAToken() {
        SignedRequest anonymous = withHeader(signed(), "authorization", null);
        String message = assertRejected(verifierAt(NOW).verify(anonymous), AuthFailure.MISSING_AUTHENTICATION_TOKEN);
        assertEquals("Request is missing Authentication Token", message);
        assertEquals("MissingAuthenticationToken", AuthFailure.MISSING_AUTHENTICATION_TOKEN.code());
        assertEquals(403, AuthFailure.MISSING_AUTHENTICATION_TOKEN.httpStatus());
        assertRejected(verifierAt(NOW).verify(withHeader(signed(), "authorization", "  ")),
                       AuthFailure.MISSING_AUTHENTICATION_TOKEN);
    }

    @Test
    void missingComponentsAreAllNamed() {
        String authorization = "AWS4-HMAC-SHA256 Credential=" + ALICE.accessKeyId() + SCOPE;
        String message = assertRejected(verifierAt(NOW).verify(withAuthorization(authorization)),
                                        AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("Authorization header requires 'Signature' parameter. Authorization header requires "
                + "'SignedHeaders' parameter. Authorization=" + authorization, message);
        assertEquals(400, AuthFailure.INCOMPLETE_SIGNATURE.httpStatus());
    }

    @Test
    void otherSchemesAreIncompleteSignatures() {
        SignedRequest basic = withHeader(withAuthorization("Basic dXNlcjpwYXNz"), "x-amz-date", null);
        String message = assertRejected(verifierAt(NOW).verify(basic), AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("Authorization header requires 'Credential' parameter. Authorization header requires "
                + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization "
                + "header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=Basic dXNlcjpwYXNz", message);
        assertRejected(verifierAt(NOW).verify(withAuthorization("AWS " + ALICE.accessKeyId() + ":c2lnbmF0dXJl")),
                       AuthFailure.INCOMPLETE_SIGNATURE);
    }

    @Test
    void componentWithoutEqualSignIsNamed() {
        String authorization = "AWS4-HMAC-SHA256 Credential=" + ALICE.accessKeyId() + " " + SCOPE
                + ", SignedHeaders=host;x-amz-date, Signature=abc";
        String message = assertRejected(verifierAt(NOW).verify(withAuthorization(authorization)),
                                        AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("'" + SCOPE + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                + authorization + "'.", message);
    }

    @Test
    void credentialNeedsFiveElements() {
        String message = assertRejected(verifierAt(NOW).verify(withAuthorization(
                "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/aws4_request, SignedHeaders=host, Signature=00")),
                AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + "got 'AKID/20261125/us-east-1/aws4_request'", message);
    }

    @Test
    void hostMustBeSigned() {
        String message = assertRejected(verifierAt(NOW).verify(withAuthorization("AWS4-HMAC-SHA256 Credential="
                + ALICE.accessKeyId() + SCOPE + ", SignedHeaders=x-amz-date, Signature=00")),
                AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", message);
    }

    @Test
    void unparseableDateIsAnIncompleteSignature() {
        SignedRequest request = withHeader(signed(), "x-amz-date", "2026-11-25T10:46:00Z");
        String message = assertRejected(verifierAt(NOW).verify(request), AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("Date must be in ISO-8601 'basic format'. Got '2026-11-25T10:46:00Z'. "
                + "See http://en.wikipedia.org/wiki/ISO_8601", message);
        assertRejected(verifierAt(NOW).verify(withHeader(signed(), "x-amz-date", "20261331T104600Z")),
                       AuthFailure.INCOMPLETE_SIGNATURE);
    }

    @Test
    void credentialScopeDateMustMatchRequestDate() {
        SignedRequest request = signed();
        String authorization = request.headers().get("authorization").get(0).replace("/20261125/", "/20261124/");
        String message = assertRejected(verifierAt(NOW).verify(withHeader(request, "authorization", authorization)),
                                        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20261124' != '20261125', from '20261125T104600Z'.", message);
    }

    @Test
    void credentialScopeMustEndWithAws4Request() {
        SignedRequest request = signed();
        String authorization = request.headers().get("authorization").get(0).replace("/aws4_request", "/aws5_request");
        String message = assertRejected(verifierAt(NOW).verify(withHeader(request, "authorization", authorization)),
                                        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
                     message);
    }

    @Test
    void emptyRegionIsRejected() {
        String message = assertRejected(verifierAt(NOW).verify(withAuthorization("AWS4-HMAC-SHA256 Credential="
                + ALICE.accessKeyId() + "/20261125//sqs/aws4_request, SignedHeaders=host, Signature=00")),
                AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Credential should be scoped to a valid region, not ''.", message);
    }

    @Test
    void nullAndEmptyPartsNeverThrow() {
        SigV4Verifier verifier = verifierAt(NOW);
        Map<String, List<String>> nullValues = new HashMap<>();
        nullValues.put("authorization", null);
        nullValues.put("x-amz-date", new ArrayList<>(Arrays.asList((String) null)));
        List<SignedRequest> requests = List.of(
                new SignedRequest(null, null, null, null, null),
                new SignedRequest("", "", "", Map.of(), new byte[0]),
                new SignedRequest(null, null, "&&==&X-Amz-Algorithm", nullValues, null),
                withHeader(withAuthorization("AWS4-HMAC-SHA256 Credential=" + ALICE.accessKeyId() + SCOPE
                        + ", SignedHeaders=host, Signature=00"), "host", null),
                new SignedRequest(null, null, null, Map.of("authorization", List.of("AWS4-HMAC-SHA256 Credential="
                        + ALICE.accessKeyId() + SCOPE + ", SignedHeaders=host, Signature=00"),
                        "x-amz-date", List.of(X_AMZ_DATE)), null));
        for (SignedRequest request : requests) {
            AuthOutcome outcome = assertDoesNotThrow(() -> verifier.verify(request), request::toString);
            assertInstanceOf(AuthOutcome.Rejected.class, outcome);
        }
        assertInstanceOf(AuthOutcome.Rejected.class, verifier.verify(null));
    }

    /** Random corruption of real signed requests: always a rejection, never an exception. */
    @Test
    void corruptedRequestsAreRejectedWithoutThrowing() {
        Random random = new Random(42);
        SigV4Verifier verifier = verifierAt(NOW);
        SignedRequest header = signed();
        SignedRequest presigned = SdkSigning.as(ALICE, NOW).presign(
                SdkSigning.request(SdkHttpMethod.GET, QUEUE_PATH).putRawQueryParameter("Action", "ReceiveMessage"),
                null, Duration.ofMinutes(5));
        String alphabet = "AWS4-HMAC-SHA256 =,;/%&?:.0123456789abcdefXYZ\t\u00e9\u0000\uffff";
        for (int i = 0; i < 5_000; i++) {
            String original = header.headers().get("authorization").get(0);
            String authorization = corrupt(original, random, alphabet);
            AuthOutcome a = verifier.verify(withHeader(header, "authorization", authorization));
            // only corruption of the separators (commas, white space) may leave the header meaning the same
            assertTrue(a instanceof AuthOutcome.Rejected || Arrays.equals(components(original),
                                                                          components(authorization)), authorization);
            String query = corrupt(presigned.rawQuery(), random, alphabet);
            String path = corrupt(QUEUE_PATH, random, alphabet);
            SignedRequest mangled = new SignedRequest("GET", path, query, presigned.headers(), null);
            AuthOutcome b = verifier.verify(mangled);
            // ...unless the corruption left the canonical path and query (signature included) unchanged
            assertTrue(b instanceof AuthOutcome.Rejected || sameCanonicalForm(presigned, mangled), query);
        }
    }

    private static boolean sameCanonicalForm(SignedRequest a, SignedRequest b) {
        return UriEncoding.canonicalPath(a.rawPath()).equals(UriEncoding.canonicalPath(b.rawPath()))
                && QueryParameter.canonicalQuery(QueryParameter.parse(a.rawQuery()), null)
                                 .equals(QueryParameter.canonicalQuery(QueryParameter.parse(b.rawQuery()), null));
    }

    private static String[] components(String authorization) {
        return authorization.trim().split("[\\s,]+");
    }

    private static String corrupt(String text, Random random, String alphabet) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !out.isEmpty(); e++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }
}
