package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import sluice.testkit.SluiceTestServer;

/**
 * SigV4 in the query dialect: requests signed by the AWS SDK's signer in the Authorization header
 * or as presigned URLs are accepted; wrong secrets, tampered bodies, unknown keys, stale dates and
 * unsigned requests get the common errors AWS documents, as {@code <ErrorResponse>} XML.
 */
class QueryAuthTest extends QueryServerBase {
    private String messageCount(String url) {
        return queues.attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        String url = queues.create("qauth-secret");
        sqs.withCredentials(SluiceTestServer.ACCESS_KEY, "not-the-secret")
                .call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x"))
                .error(403, "SignatureDoesNotMatch");
        assertEquals("0", messageCount(url), "a request with a bad signature was executed");
    }

    @Test
    void aBodyChangedAfterSigningIsSignatureDoesNotMatch() {
        String url = queues.create("qauth-tamper");
        Form signed = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "pay 10");
        Form sent = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "pay 99");
        sqs.postTampered(signed, sent).error(403, "SignatureDoesNotMatch");
        assertEquals("0", messageCount(url), "a tampered request was executed");
    }

    @Test
    void aSignatureWithoutAContentHashHeaderIsCheckedAgainstTheBody() {
        String url = queues.create("qauth-botocore");
        byte[] good = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "signed as botocore signs").bytes();
        SdkHttpRequest signed = HeaderlessSigV4.sign(sqs.post("/"), good, SluiceTestServer.ACCESS_KEY,
                SluiceTestServer.SECRET_KEY, SluiceTestServer.REGION);
        sqs.send(signed, good).ok("SendMessage");

        byte[] tampered = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "signed as botocore signz").bytes();
        sqs.send(signed, tampered).error(403, "SignatureDoesNotMatch");
        assertEquals("1", messageCount(url), "only the untampered request was executed");
    }

    @Test
    void aSignedGetWithTheParametersInTheQueryStringWorks() {
        String name = Queues.uniqueName("qauth-get");
        String url = queues.createNamed(name, Map.of());
        SdkHttpRequest get = SdkHttpRequest.builder().uri(sqs.endpoint().resolve("/")).method(SdkHttpMethod.GET)
                .appendRawQueryParameter("Action", "GetQueueUrl").appendRawQueryParameter("Version", Form.VERSION)
                .appendRawQueryParameter("QueueName", name).build();
        QueryResponse r = sqs.send(sqs.sign(get, new byte[0]), null);
        assertEquals(url, r.resultText("GetQueueUrl", "QueueUrl"));
    }

    @Test
    void anUnknownAccessKeyIsInvalidClientTokenId() {
        sqs.withCredentials("AKIANOTAREALKEY00000", "whatever").call(Form.action("ListQueues"))
                .error(403, "InvalidClientTokenId");
    }

    @Test
    void aRequestDatedTwentyMinutesAgoIsRejected() {
        String url = queues.create("qauth-stale");
        QueryClient stale = sqs.withSigningClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20)));
        stale.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x"))
                .error(403, "SignatureDoesNotMatch");
        assertEquals("0", messageCount(url), "a stale request was executed");
    }

    @Test
    void aRequestDatedTwentyMinutesAheadIsRejected() {
        QueryClient early = sqs.withSigningClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
        early.call(Form.action("ListQueues")).error(403, "SignatureDoesNotMatch");
    }

    @Test
    void aSmallClockSkewIsTolerated() {
        QueryClient skewed = sqs.withSigningClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-4)));
        skewed.call(Form.action("ListQueues")).ok("ListQueues");
    }

    @Test
    void anUnsignedRequestIsMissingAuthenticationToken() {
        String url = queues.create("qauth-unsigned");
        sqs.postUnsigned(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x"))
                .error(403, "MissingAuthenticationToken");
        assertEquals("0", messageCount(url), "an unsigned request was executed");
    }

    @Test
    void anAuthorizationHeaderWithoutSignatureIsIncompleteSignature() {
        SdkHttpRequest signed = sqs.sign(sqs.post("/"), Form.action("ListQueues").bytes());
        String auth = signed.firstMatchingHeader("Authorization").orElseThrow();
        String truncated = auth.substring(0, auth.indexOf(", Signature="));
        SdkHttpRequest broken = signed.toBuilder().putHeader("Authorization", truncated).build();
        sqs.send(broken, Form.action("ListQueues").bytes()).error(400, "IncompleteSignature");
    }

    @Test
    void aPresignedUrlCarriesTheWholeRequest() {
        String name = Queues.uniqueName("qauth-presign");
        String url = queues.createNamed(name, Map.of());
        URI presigned = sqs.presign("/", Form.action("GetQueueUrl").add("QueueName", name), Duration.ofMinutes(5));
        assertTrue(presigned.getRawQuery().contains("X-Amz-Signature="), "not presigned: " + presigned);

        QueryResponse r = sqs.get(presigned);
        assertEquals(url, r.resultText("GetQueueUrl", "QueueUrl"));
    }

    @Test
    void aPresignedSendMessageToTheQueuePathWorks() {
        String name = Queues.uniqueName("qauth-presend");
        String url = queues.createNamed(name, Map.of());
        URI presigned = sqs.presign("/" + SluiceTestServer.ACCOUNT + "/" + name,
                Form.action("SendMessage").add("MessageBody", "sent by URL with spaces & symbols = +"), Duration.ofMinutes(5));
        sqs.get(presigned).ok("SendMessage");
        assertEquals("sent by URL with spaces & symbols = +", QueryResponse.text(queues.receiveOne(url), "Body"));
    }

    @Test
    void aPresignedUrlWithAChangedParameterIsSignatureDoesNotMatch() {
        String name = Queues.uniqueName("qauth-pretamper");
        queues.createNamed(name, Map.of());
        URI presigned = sqs.presign("/", Form.action("GetQueueUrl").add("QueueName", name), Duration.ofMinutes(5));
        URI tampered = URI.create(presigned.toString().replace("QueueName=" + name, "QueueName=" + name + "x"));
        assertTrue(!tampered.equals(presigned), "the URL was not changed");
        sqs.get(tampered).error(403, "SignatureDoesNotMatch");
    }

    @Test
    void aPresignedUrlSignedWithAWrongSecretIsSignatureDoesNotMatch() {
        URI presigned = sqs.withCredentials(SluiceTestServer.ACCESS_KEY, "wrong")
                .presign("/", Form.action("ListQueues"), Duration.ofMinutes(5));
        sqs.get(presigned).error(403, "SignatureDoesNotMatch");
    }

    @Test
    void anExpiredPresignedUrlIsRejected() {
        QueryClient past = sqs.withSigningClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
        URI presigned = past.presign("/", Form.action("ListQueues"), Duration.ofSeconds(60));
        QueryResponse r = sqs.get(presigned);
        assertTrue(List.of("RequestExpired", "SignatureDoesNotMatch").contains(r.errorCode()), r::toString);
        r.error(r.errorCode().equals("RequestExpired") ? 400 : 403, r.errorCode());
    }
}
