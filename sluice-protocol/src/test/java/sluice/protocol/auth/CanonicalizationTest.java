package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sluice.protocol.auth.AuthFixtures.ALICE;
import static sluice.protocol.auth.AuthFixtures.NOW;
import static sluice.protocol.auth.AuthFixtures.assertAuthenticated;
import static sluice.protocol.auth.AuthFixtures.assertRejected;
import static sluice.protocol.auth.AuthFixtures.verifierAt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/** The canonical request matches the AWS SDK signer's on awkward paths and query strings. */
class CanonicalizationTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/000000000000/my-queue", "/000000000000/my-queue/", "/a//b", "//a/b",
        "/a/./b", "/a/b/..", "/a/b/../", "/../a", "/a/../../b", "/.", "/a/.", "/a%2F/..", "/a/b/.%2E/c", "/a///",
        "/a%20b/c%2Fd", "/%E2%82%AC/x~y*z", "/a:b@c!$&'()*+,;=", "/a/b//..", "/queue%2Bname/%7E"})
    void pathsSignedBySdkVerify(String encodedPath) {
        SignedRequest header = SdkSigning.as(ALICE, NOW).sign(SdkSigning.request(SdkHttpMethod.GET, encodedPath), null);
        assertAuthenticated(verifierAt(NOW).verify(header), ALICE, "us-east-1", "sqs");
        SignedRequest presigned = SdkSigning.as(ALICE, NOW).presign(SdkSigning.request(SdkHttpMethod.GET, encodedPath),
                                                                     null, Duration.ofMinutes(1));
        assertAuthenticated(verifierAt(NOW).verify(presigned), ALICE, "us-east-1", "sqs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a b+c&d=e/f?g#h%i~j*k'l(m)n!o", "ünïcødé 😀", "", "%41%zz%", "=&=",
        "http://localhost:9324/000000000000/my-queue", "line\nbreak\ttab"})
    void queryValuesSignedBySdkVerify(String value) {
        SdkHttpFullRequest.Builder request = SdkSigning.request(SdkHttpMethod.GET, "/000000000000/my-queue")
                .putRawQueryParameter("Action", "SendMessage")
                .putRawQueryParameter("MessageBody", value)
                .putRawQueryParameter(value.isEmpty() ? "x" : value, "as-a-name")
                .putRawQueryParameter("B", List.of("2", "10", "1"))
                .putRawQueryParameter("a", "lower-case sorts after upper-case");
        SignedRequest header = SdkSigning.as(ALICE, NOW).sign(request, null);
        assertAuthenticated(verifierAt(NOW).verify(header), ALICE, "us-east-1", "sqs");
        SignedRequest presigned = SdkSigning.as(ALICE, NOW).presign(request, null, Duration.ofMinutes(1));
        assertAuthenticated(verifierAt(NOW).verify(presigned), ALICE, "us-east-1", "sqs");
    }

    @Test
    void reorderedQueryParametersStillVerify() {
        SignedRequest request = SdkSigning.as(ALICE, NOW).sign(SdkSigning.request(SdkHttpMethod.GET, "/")
                .putRawQueryParameter("Action", "ListQueues").putRawQueryParameter("QueueNamePrefix", "my"), null);
        SignedRequest reordered = AuthFixtures.withQuery(request, "QueueNamePrefix=my&Action=ListQueues");
        assertAuthenticated(verifierAt(NOW).verify(reordered), ALICE, "us-east-1", "sqs");
    }

    /** The worked example of AWS's SigV4 documentation (IAM ListUsers), independent of the SDK. */
    @Test
    void awsDocumentationExampleVerifies() {
        Credential example = new Credential("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "123456789012");
        SignedRequest request = new SignedRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", Map.of(
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                "host", List.of("iam.amazonaws.com"),
                "x-amz-date", List.of("20150830T123600Z"),
                "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date, "
                        + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")), null);
        SigV4Verifier verifier = new SigV4Verifier(key -> Optional.of(example).filter(c -> c.accessKeyId().equals(key)),
                                                   AuthFixtures.clockAt(Instant.parse("2015-08-30T12:40:00Z")));
        assertAuthenticated(verifier.verify(request), example, "us-east-1", "iam");
    }

    /** Without x-amz-date the Date header dates the request; the string to sign still uses ISO-8601 basic. */
    @Test
    void dateHeaderIsUsedWhenXAmzDateIsAbsent() throws Exception {
        String date = "Wed, 25 Nov 2026 10:46:00 GMT";
        String canonical = "GET\n/\nAction=ListQueues\ndate:" + date + "\nhost:localhost:9324\n\ndate;host\n"
                + Hashing.EMPTY_SHA256_HEX;
        String stringToSign = "AWS4-HMAC-SHA256\n20261125T104600Z\n20261125/us-east-1/sqs/aws4_request\n"
                + Hashing.sha256Hex(canonical);
        byte[] signingKey = signingKey(ALICE.secretKey(), "20261125", "us-east-1", "sqs");
        String signature = Hashing.hex(hmac(signingKey, stringToSign));
        String authorization = "AWS4-HMAC-SHA256 Credential=" + ALICE.accessKeyId()
                + "/20261125/us-east-1/sqs/aws4_request, SignedHeaders=date;host, Signature=" + signature;
        SignedRequest request = new SignedRequest("GET", "/", "Action=ListQueues", Map.of(
                "date", List.of(date), "host", List.of("localhost:9324"), "authorization", List.of(authorization)),
                new byte[0]);
        assertAuthenticated(verifierAt(NOW).verify(request), ALICE, "us-east-1", "sqs");
        String stale = assertRejected(verifierAt(NOW.plus(Duration.ofHours(1))).verify(request),
                                      AuthFailure.SIGNATURE_DOES_NOT_MATCH);
        assertEquals("Signature expired: 20261125T104600Z is now earlier than 20261125T113100Z "
                + "(20261125T114600Z - 15 min.)", stale);
    }

    @ParameterizedTest
    @CsvSource({"'', /", "/, /", "/a//b, /a/b", "/a/./b, /a/b", "/a/b/.., /a", "/a/b/../, /a/", "/../a, /../a",
        "/a/../../b, /../b", "/., /", "/a/., /a", "/a%2F/.., /", "/a/b/c/./../../g, /a/g", "/a///, /a/",
        "/a/b//.., /a", "/a%20b/c%2Fd, /a%2520b/c%252Fd", "/x~y*z, /x~y%2Az"})
    void canonicalPathIsNormalizedThenEncodedAgain(String rawPath, String canonical) {
        assertEquals(canonical, UriEncoding.canonicalPath(rawPath));
    }

    private static byte[] signingKey(String secret, String day, String region, String service) throws Exception {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
