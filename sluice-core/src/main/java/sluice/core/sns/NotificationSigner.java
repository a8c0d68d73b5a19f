package sluice.core.sns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * Signs notifications as SNS does: the documented string to sign of a {@code Notification}
 * ({@code Message}, {@code MessageId}, {@code Subject} when there is one, {@code Timestamp},
 * {@code TopicArn}, {@code Type}, each name and value followed by a newline), signed with
 * SHA1withRSA for SignatureVersion 1 and SHA256withRSA for 2, base64-encoded. Thread-safe
 * (a Signature instance per call).
 *
 * <p>The identity may still be being generated (a fresh data directory: RSA key generation takes
 * a good part of a second, and the server does not wait for it to start); the first signature
 * waits for it.
 */
final class NotificationSigner {
    private final CompletableFuture<SigningIdentity> identity;
    /** The certificate's path on this server, computed once (a SHA-256 of the certificate). */
    private volatile String certificatePath;

    NotificationSigner(CompletableFuture<SigningIdentity> identity) {
        this.identity = identity;
    }

    SigningIdentity identity() {
        return identity.join();
    }

    /** The SigningCertURL of a message sent by a server reached at {@code baseUrl}. */
    String certificateUrl(String baseUrl) {
        String path = certificatePath;
        if (path == null) {
            path = SigningIdentity.CERTIFICATE_PATH + identity().certificateFileName();
            certificatePath = path;
        }
        return baseUrl + path;
    }

    static String stringToSign(String message, String messageId, String subject, String timestamp, String topicArn) {
        StringBuilder s = new StringBuilder(message.length() + 256);
        s.append("Message\n").append(message).append('\n');
        s.append("MessageId\n").append(messageId).append('\n');
        if (subject != null) {
            s.append("Subject\n").append(subject).append('\n');
        }
        s.append("Timestamp\n").append(timestamp).append('\n');
        s.append("TopicArn\n").append(topicArn).append('\n');
        s.append("Type\n").append("Notification").append('\n');
        return s.toString();
    }

    /**
     * The string to sign of a {@code SubscriptionConfirmation} or {@code UnsubscribeConfirmation}:
     * Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
     */
    static String confirmationStringToSign(String type, String message, String messageId, String subscribeUrl,
                                           String timestamp, String token, String topicArn) {
        return "Message\n" + message + "\nMessageId\n" + messageId + "\nSubscribeURL\n" + subscribeUrl
                + "\nTimestamp\n" + timestamp + "\nToken\n" + token + "\nTopicArn\n" + topicArn + "\nType\n" + type + "\n";
    }

    String sign(String stringToSign, String signatureVersion) {
        try {
            Signature signature = Signature.getInstance("2".equals(signatureVersion) ? "SHA256withRSA" : "SHA1withRSA");
            signature.initSign(identity().privateKey());
            signature.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an SNS notification", e);
        }
    }
}
