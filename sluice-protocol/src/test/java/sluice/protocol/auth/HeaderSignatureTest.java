package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sluice.protocol.auth.AuthFixtures.ALICE;
import static sluice.protocol.auth.AuthFixtures.BOB;
import static sluice.protocol.auth.AuthFixtures.FORM_BODY;
import static sluice.protocol.auth.AuthFixtures.NOW;
import static sluice.protocol.auth.AuthFixtures.QUEUE_PATH;
import static sluice.protocol.auth.AuthFixtures.assertAuthenticated;
import static sluice.protocol.auth.AuthFixtures.assertRejected;
import static sluice.protocol.auth.AuthFixtures.utf8;
import static sluice.protocol.auth.AuthFixtures.verifierAt;
import static sluice.protocol.auth.AuthFixtures.withBody;
import static sluice.protocol.auth.AuthFixtures.withHeader;
import static sluice.protocol.auth.AuthFixtures.withPath;
import static sluice.protocol.auth.AuthFixtures.withQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Authorization-header SigV4, signed by the AWS SDK v2 signer. */
class HeaderSignatureTest {

    private static SdkHttpFullRequest.Builder formPost() {
        return SdkSigning.request(SdkHttpMethod.POST, QUEUE_PATH)
                         .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }

    private static SignedRequest signedFormPost() {
        return SdkSigning.as(ALICE, NOW).sign(formPost(), FORM_BODY);
    }

    @Test
    void formPostSignedBySdkIsAuthenticated() {
        assertAuthenticated(verifierAt(NOW).verify(signedFormPost()), ALICE, "us-east-1", "sqs");
    }

    @Test
    void regionAndServiceComeFromTheCredentialScope() {
        SignedRequest request = SdkSigning.as(BOB, NOW).region("eu-west-1").service("sns")
                                          .sign(SdkSigning.request(SdkHttpMethod.POST, "/"), utf8("Action=ListTopics"));
        assertAuthenticated(verifierAt(NOW).verify(request), BOB, "eu-west-1", "sns");
    }

    @Test
    void jsonProtocolRequestWithTargetHeaderIsAuthenticated() {
        SdkHttpFullRequest.Builder put = SdkSigning.request(SdkHttpMethod.POST, "/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "Kinesis_20131202.PutRecord");
        byte[] body = utf8("{\"StreamName\":\"s\",\"Data\":\"aGVsbG8=\",\"PartitionKey\":\"k\"}");
        SignedRequest request = SdkSigning.as(ALICE, NOW).service("kinesis").sign(put, body);
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "kinesis");
    }

    @Test
    void sessionTokenHeaderIsSignedAndAccepted() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).sessionToken("FwoGZXIvYXdzEJr//////////wEaDA==")
                                          .sign(formPost(), FORM_BODY);
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void emptyBodyAndNullBodyAreTheSame() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).sign(
                SdkSigning.request(SdkHttpMethod.GET, "/").putRawQueryParameter("Action", "ListQueues"), null);
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
        assertAuthenticated(verifierAt(NOW).verify(withBody(request, new byte[0])), ALICE, "us-east-1", "sqs");
    }

    @Test
    void headerValuesAreTrimmedAndCollapsedLikeTheSdk() {
        SdkHttpFullRequest.Builder request = formPost().putHeader("X-Custom", "  a   b \t c  ")
                                                       .putHeader("X-Multi", List.of("one", " two  2 "));
        assertAuthenticated(verifierAt(NOW).verify(SdkSigning.as(ALICE, NOW).sign(request, FORM_BODY)),
                            ALICE, "us-east-1", "sqs");
    }

    @Test
    void tamperedBodyIsRejected() {
        SignedRequest tampered = withBody(signedFormPost(), utf8("Action=DeleteQueue"));
        String message = assertRejected(verifierAt(NOW).verify(tampered), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.", message);
    }

    @Test
    void tamperedBodyWithoutContentHashHeaderIsRejected() {
        SignedRequest unhashed = withHeader(signedFormPost(), "x-amz-content-sha256", null);
        SignedRequest tampered = withBody(unhashed, utf8("Action=DeleteQueue"));
        String message = assertRejected(verifierAt(NOW).verify(tampered), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals(SigV4Verifier.SIGNATURE_MISMATCH, message);
    }

    @Test
    void contentHashHeaderMatchingATamperedBodyIsStillRejected() {
        byte[] evil = utf8("Action=DeleteQueue");
        SignedRequest tampered = withHeader(withBody(signedFormPost(), evil), "x-amz-content-sha256",
                                            Hashing.sha256Hex(evil));
        assertRejected(verifierAt(NOW).verify(tampered), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unsignedPayloadIsNotAcceptedWithAnAuthorizationHeader() {
        SignedRequest request = withHeader(signedFormPost(), "x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        assertRejected(verifierAt(NOW).verify(request), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void tamperedSignedHeaderIsRejected() {
        SignedRequest tampered = withHeader(signedFormPost(), "content-type", "application/json");
        String message = assertRejected(verifierAt(NOW).verify(tampered), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals(SigV4Verifier.SIGNATURE_MISMATCH, message);
        assertRejected(verifierAt(NOW).verify(withHeader(signedFormPost(), "host", "evil.example:9324")),
                       AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unsignedHeadersMayChange() {
        SignedRequest request = withHeader(signedFormPost(), "user-agent", "curl/8.0");
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void tamperedPathOrQueryIsRejected() {
        assertRejected(verifierAt(NOW).verify(withPath(signedFormPost(), "/000000000000/other-queue")),
                       AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertRejected(verifierAt(NOW).verify(withQuery(signedFormPost(), "Action=DeleteQueue")),
                       AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void tamperedMethodIsRejected() {
        SignedRequest request = signedFormPost();
        SignedRequest asPut = new SignedRequest("PUT", request.rawPath(), request.rawQuery(), request.headers(),
                                                request.body());
        assertRejected(verifierAt(NOW).verify(asPut), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void wrongSecretIsRejected() {
        Credential impostor = new Credential(ALICE.accessKeyId(), BOB.secretKey(), ALICE.accountId());
        SignedRequest request = SdkSigning.as(impostor, NOW).sign(formPost(), FORM_BODY);
        String message = assertRejected(verifierAt(NOW).verify(request), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("The request signature we calculated does not match the signature you provided. Check your "
                + "AWS Secret Access Key and signing method. Consult the service documentation for details.", message);
    }

    @Test
    void unknownAccessKeyIsRejected() {
        SignedRequest request = SdkSigning.as("AKIANOTAREALKEY00000", "secret", NOW).sign(formPost(), FORM_BODY);
        String message = assertRejected(verifierAt(NOW).verify(request), AuthFailure.INVALID_CLIENT_TOKEN_ID);
        assertEquals("The security token included in the request is invalid.", message);
    }

    @Test
    void staleDateIsRejectedWithAwsMessage() {
        SignedRequest request = SdkSigning.as(ALICE, Instant.parse("2026-11-25T10:15:00Z")).sign(formPost(), FORM_BODY);
        String message = assertRejected(verifierAt(NOW).verify(request), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Signature expired: 20261125T101500Z is now earlier than 20261125T103100Z "
                + "(20261125T104600Z - 15 min.)", message);
    }

    @Test
    void futureDateIsRejectedWithAwsMessage() {
        SignedRequest request = SdkSigning.as(ALICE, Instant.parse("2026-11-25T11:05:00Z")).sign(formPost(), FORM_BODY);
        String message = assertRejected(verifierAt(Instant.parse("2026-11-25T10:31:00Z")).verify(request),
                                        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Signature not yet current: 20261125T110500Z is still later than 20261125T104600Z "
                + "(20261125T103100Z + 15 min.)", message);
    }

    @Test
    void clockSkewUpToFifteenMinutesIsTolerated() {
        SignedRequest request = signedFormPost();
        var clock = AuthFixtures.clockAt(NOW.plus(Duration.ofMinutes(15)));
        SigV4Verifier verifier = new SigV4Verifier(AuthFixtures.STORE, clock);
        assertAuthenticated(verifier.verify(request), ALICE, "us-east-1", "sqs");
        clock.set(NOW.minus(Duration.ofMinutes(15)).toEpochMilli());
        assertAuthenticated(verifier.verify(request), ALICE, "us-east-1", "sqs");
        clock.set(NOW.plus(Duration.ofMinutes(15)).toEpochMilli() + 1);
        assertRejected(verifier.verify(request), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        clock.set(NOW.minus(Duration.ofMinutes(15)).toEpochMilli() - 1);
        assertRejected(verifier.verify(request), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void signingAcrossMidnightUsesTheRequestDay() {
        Instant lateNight = Instant.parse("2026-11-25T23:59:59Z");
        SignedRequest request = SdkSigning.as(ALICE, lateNight).sign(formPost(), FORM_BODY);
        assertAuthenticated(verifierAt(lateNight.plusSeconds(120)).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void oneVerifierServesManyKeysAndDays() {
        SigV4Verifier verifier = verifierAt(NOW);
        for (int i = 0; i < 3; i++) {
            assertAuthenticated(verifier.verify(SdkSigning.as(ALICE, NOW).sign(formPost(), FORM_BODY)),
                                ALICE, "us-east-1", "sqs");
            SignedRequest bobs = SdkSigning.as(BOB, NOW).region("us-west-2").sign(formPost(), FORM_BODY);
            assertAuthenticated(verifier.verify(bobs), BOB, "us-west-2", "sqs");
        }
    }
}
