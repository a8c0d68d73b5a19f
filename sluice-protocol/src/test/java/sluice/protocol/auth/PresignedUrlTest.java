package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import static sluice.protocol.auth.AuthFixtures.withQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Query-string (presigned URL) SigV4, presigned by the AWS SDK v2 signer. */
class PresignedUrlTest {

    private static SdkHttpFullRequest.Builder receiveMessage() {
        return SdkSigning.request(SdkHttpMethod.GET, QUEUE_PATH)
                         .putRawQueryParameter("Action", "ReceiveMessage")
                         .putRawQueryParameter("MaxNumberOfMessages", "10")
                         .putRawQueryParameter("AttributeName.1", "All");
    }

    private static SignedRequest presigned(Duration expires) {
        return SdkSigning.as(ALICE, NOW).presign(receiveMessage(), null, expires);
    }

    @Test
    void presignedGetIsAuthenticated() {
        SignedRequest request = presigned(Duration.ofMinutes(5));
        assertTrue(request.rawQuery().contains("X-Amz-Signature="), request::rawQuery);
        assertNull(request.headers().get("authorization"));
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void presignedWithSessionTokenAndOtherScopeIsAuthenticated() {
        SignedRequest request = SdkSigning.as(BOB, NOW).region("ap-southeast-2").service("sns")
                                          .sessionToken("IQoJb3JpZ2luX2VjEJ/+token==")
                                          .presign(SdkSigning.request(SdkHttpMethod.GET, "/")
                                                             .putRawQueryParameter("Action", "ListTopics"),
                                                   null, Duration.ofHours(1));
        assertTrue(request.rawQuery().contains("X-Amz-Security-Token="), request::rawQuery);
        assertAuthenticated(verifierAt(NOW).verify(request), BOB, "ap-southeast-2", "sns");
    }

    @Test
    void presignedPostWithFormBodyIsAuthenticated() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).presign(SdkSigning.request(SdkHttpMethod.POST, QUEUE_PATH),
                                                                   FORM_BODY, Duration.ofMinutes(5));
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void presignedUnsignedPayloadIsAcceptedAndLeavesTheBodyUnprotected() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).unsignedPayload()
                .presign(SdkSigning.request(SdkHttpMethod.POST, QUEUE_PATH), FORM_BODY, Duration.ofMinutes(5));
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
        assertAuthenticated(verifierAt(NOW).verify(withBody(request, utf8("Action=PurgeQueue"))),
                            ALICE, "us-east-1", "sqs");
    }

    @Test
    void unsignedPayloadHeaderIsHonouredOnPresignedRequests() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).unsignedPayload()
                .presign(SdkSigning.request(SdkHttpMethod.POST, QUEUE_PATH), FORM_BODY, null);
        assertEquals(List.of("UNSIGNED-PAYLOAD"), request.headers().get("x-amz-content-sha256"));
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void presignedUrlStaysValidUntilItsExpiry() {
        SignedRequest request = presigned(Duration.ofHours(1));
        assertAuthenticated(verifierAt(NOW.plus(Duration.ofMinutes(59))).verify(request), ALICE, "us-east-1", "sqs");
        assertAuthenticated(verifierAt(NOW.plus(Duration.ofHours(1))).verify(request), ALICE, "us-east-1", "sqs");
    }

    @Test
    void expiredPresignedUrlIsRejected() {
        SignedRequest request = presigned(Duration.ofMinutes(5));
        String message = assertRejected(verifierAt(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1)).verify(request),
                                        AuthFailure.REQUEST_EXPIRED);
        assertEquals("Request has expired", message);
        assertEquals("RequestExpired", AuthFailure.REQUEST_EXPIRED.code());
        assertEquals(400, AuthFailure.REQUEST_EXPIRED.httpStatus());
    }

    @Test
    void presignedUrlFromTheFutureIsRejected() {
        SignedRequest request = SdkSigning.as(ALICE, Instant.parse("2026-11-25T11:05:00Z"))
                                          .presign(receiveMessage(), null, Duration.ofHours(1));
        String message = assertRejected(verifierAt(Instant.parse("2026-11-25T10:31:00Z")).verify(request),
                                        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Signature not yet current: 20261125T110500Z is still later than 20261125T104600Z "
                + "(20261125T103100Z + 15 min.)", message);
    }

    @Test
    void queryAuthWithoutExpiresFollowsTheFifteenMinuteRule() {
        SignedRequest request = presigned(null);
        assertFalse(request.rawQuery().contains("X-Amz-Expires"), request::rawQuery);
        assertAuthenticated(verifierAt(NOW.plus(Duration.ofMinutes(15))).verify(request), ALICE, "us-east-1", "sqs");
        String message = assertRejected(verifierAt(NOW.plus(Duration.ofMinutes(16))).verify(request),
                                        AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertTrue(message.startsWith("Signature expired: 20261125T104600Z is now earlier than"), message);
    }

    @Test
    void tamperedQueryParameterIsRejected() {
        SignedRequest request = presigned(Duration.ofMinutes(5));
        SignedRequest tampered = withQuery(request, request.rawQuery().replace("MaxNumberOfMessages=10",
                                                                               "MaxNumberOfMessages=1"));
        assertRejected(verifierAt(NOW).verify(tampered), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        SignedRequest added = withQuery(request, request.rawQuery() + "&Action=DeleteQueue");
        assertRejected(verifierAt(NOW).verify(added), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void extendingTheExpiryBreaksTheSignature() {
        SignedRequest request = presigned(Duration.ofMinutes(5));
        SignedRequest extended = withQuery(request, request.rawQuery().replace("X-Amz-Expires=300",
                                                                               "X-Amz-Expires=604800"));
        assertRejected(verifierAt(NOW).verify(extended), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void tamperedBodyOnPresignedPostIsRejected() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).presign(SdkSigning.request(SdkHttpMethod.POST, QUEUE_PATH),
                                                                   FORM_BODY, Duration.ofMinutes(5));
        assertRejected(verifierAt(NOW).verify(withBody(request, utf8("Action=DeleteQueue"))),
                       AuthFailure.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void wrongSecretAndUnknownKeyAreRejected() {
        Credential impostor = new Credential(ALICE.accessKeyId(), "not-the-secret", ALICE.accountId());
        SignedRequest forged = SdkSigning.as(impostor, NOW).presign(receiveMessage(), null, Duration.ofMinutes(5));
        assertRejected(verifierAt(NOW).verify(forged), AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        SignedRequest unknown = SdkSigning.as("AKIAUNKNOWN000000000", "s", NOW)
                                          .presign(receiveMessage(), null, Duration.ofMinutes(5));
        assertRejected(verifierAt(NOW).verify(unknown), AuthFailure.INVALID_CLIENT_TOKEN_ID);
    }

    @Test
    void missingQueryParametersAreListed() {
        SignedRequest request = withQuery(presigned(Duration.ofMinutes(5)),
                                          "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261125T104600Z");
        String message = assertRejected(verifierAt(NOW).verify(request), AuthFailure.INCOMPLETE_SIGNATURE);
        assertEquals("AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters "
                + "must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                + "Re-examine the query-string parameters.", message);
    }

    @Test
    void badExpiresAndAlgorithmAreIncompleteSignatures() {
        SignedRequest request = presigned(Duration.ofMinutes(5));
        assertRejected(verifierAt(NOW).verify(withQuery(request, request.rawQuery().replace("X-Amz-Expires=300",
                "X-Amz-Expires=604801"))), AuthFailure.INCOMPLETE_SIGNATURE);
        assertRejected(verifierAt(NOW).verify(withQuery(request, request.rawQuery().replace("X-Amz-Expires=300",
                "X-Amz-Expires=soon"))), AuthFailure.INCOMPLETE_SIGNATURE);
        assertRejected(verifierAt(NOW).verify(withQuery(request, request.rawQuery().replace("AWS4-HMAC-SHA256",
                "AWS4-HMAC-SHA512"))), AuthFailure.INCOMPLETE_SIGNATURE);
    }

    @Test
    void headerAndQueryAuthTogetherAreRefused() {
        SignedRequest request = withHeader(presigned(Duration.ofMinutes(5)), "authorization",
                                           "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/sqs/aws4_request, "
                                                   + "SignedHeaders=host, Signature=00");
        assertRejected(verifierAt(NOW).verify(request), AuthFailure.INCOMPLETE_SIGNATURE);
    }
}
