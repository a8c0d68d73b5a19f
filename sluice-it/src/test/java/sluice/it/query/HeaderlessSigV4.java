package sluice.it.query;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * SigV4 as botocore and the older SDKs sign query-protocol POSTs: headers {@code content-type;host;x-amz-date}
 * and no {@code x-amz-content-sha256} header, so the server has to hash the body itself. (The SDK v2
 * signer always adds that header, which would let a server check the body against the header alone.)
 * Written from the SigV4 specification for requests to {@code /} without a query string.
 */
final class HeaderlessSigV4 {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private HeaderlessSigV4() {
    }

    static SdkHttpRequest sign(SdkHttpRequest request, byte[] body, String accessKey, String secretKey, String region) {
        URI uri = request.getUri();
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String contentType = request.firstMatchingHeader("Content-Type").orElseThrow();
        String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + QueryClient.SERVICE + "/aws4_request";
        String signedHeaders = "content-type;host;x-amz-date";
        String canonical = request.method().name() + "\n" + uri.getRawPath() + "\n" + "\n"
                + "content-type:" + contentType.strip() + "\n" + "host:" + host + "\n" + "x-amz-date:" + amzDate + "\n"
                + "\n" + signedHeaders + "\n" + hex(sha256(body));
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, QueryClient.SERVICE);
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        return request.toBuilder()
                .putHeader("X-Amz-Date", amzDate)
                .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature)
                .build();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
