package sluice.core.sns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.HexFormat;

/**
 * The key SNS signs notifications with and the X.509 certificate (PEM) that carries its public
 * half, which subscribers fetch from the notification's SigningCertURL. The server generates them
 * once and keeps them in the data directory (in memory for the memory engine), so signatures stay
 * verifiable across restarts. The key must be RSA: SignatureVersion 1 is SHA1withRSA and 2 is
 * SHA256withRSA.
 */
public record SigningIdentity(PrivateKey privateKey, String certificatePem) {

    /** The path under which the server serves the certificate, relative to its base URL. */
    public static final String CERTIFICATE_PATH = "/_sluice/sns/";

    public SigningIdentity {
        if (!"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("SNS signs with RSA keys, not " + privateKey.getAlgorithm());
        }
    }

    /** The certificate's file name, named like AWS's and unique per certificate. */
    public String certificateFileName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificatePem.getBytes(StandardCharsets.US_ASCII));
            return "SimpleNotificationService-" + HexFormat.of().formatHex(digest, 0, 16) + ".pem";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** The certificate's full URL as a client reaching the server at {@code baseUrl} fetches it. */
    public String certificateUrl(String baseUrl) {
        return baseUrl + CERTIFICATE_PATH + certificateFileName();
    }
}
