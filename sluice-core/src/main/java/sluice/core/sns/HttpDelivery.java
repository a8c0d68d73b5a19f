package sluice.core.sns;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import sluice.common.Clock;
import sluice.common.Json;
import sluice.common.Randomness;

/**
 * What SNS sends to {@code http}/{@code https} subscribers besides notifications: the
 * {@code SubscriptionConfirmation} after Subscribe and the {@code UnsubscribeConfirmation} after
 * Unsubscribe, signed over AWS's string to sign for those types, and the notifications themselves
 * (the signed envelope, or with RawMessageDelivery the bare message; their retries are
 * {@link DeliveryRetries}'s). The SubscribeURL is AWS's:
 * an unsigned GET of {@code /?Action=ConfirmSubscription&TopicArn=…&Token=…} on this server.
 */
final class HttpDelivery implements AutoCloseable {
    static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
    static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";
    static final String NOTIFICATION = "Notification";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final HttpEndpointSender sender = new HttpEndpointSender();
    private final NotificationSigner signer;
    private final Clock clock;
    private final Randomness randomness;

    HttpDelivery(NotificationSigner signer, Clock clock, Randomness randomness) {
        this.signer = signer;
        this.clock = clock;
        this.randomness = randomness;
    }

    static boolean isHttp(String protocol) {
        return protocol.equals("http") || protocol.equals("https");
    }

    static String subscribeUrl(String baseUrl, String topicArn, String token) {
        return baseUrl + "/?Action=ConfirmSubscription&TopicArn=" + URLEncoder.encode(topicArn, StandardCharsets.UTF_8)
                + "&Token=" + token;
    }

    /**
     * The SubscriptionConfirmation of a pending subscription, signed, ready to send; its retries
     * (same message id and body) are {@link DeliveryRetries}'s.
     */
    HttpEndpointSender.Post subscriptionConfirmation(String baseUrl, SubscriptionRecord s, String signatureVersion) {
        String message = "You have chosen to subscribe to the topic " + s.topicArn()
                + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
        return confirmation(SUBSCRIPTION_CONFIRMATION, baseUrl, s, message, signatureVersion, null);
    }

    /** One attempt at delivering a SubscriptionConfirmation built by {@link #subscriptionConfirmation}. */
    CompletableFuture<Boolean> confirmSubscription(SubscriptionRecord s, String messageId, String body) {
        return sender.send(new HttpEndpointSender.Post(s.endpoint(), SUBSCRIPTION_CONFIRMATION, messageId, s.topicArn(),
                null, false, body, DeliveryPolicy.AWS_DEFAULT.headerContentType()));
    }

    /** Sends the UnsubscribeConfirmation of a subscription just deleted. */
    CompletableFuture<Boolean> confirmUnsubscribe(String baseUrl, SubscriptionRecord s, String signatureVersion) {
        String message = "You have chosen to deactivate subscription " + s.arn()
                + ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.";
        return sender.send(confirmation(UNSUBSCRIBE_CONFIRMATION, baseUrl, s, message, signatureVersion, s.arn()));
    }

    private HttpEndpointSender.Post confirmation(String type, String baseUrl, SubscriptionRecord s, String message,
                                                 String version, String subscriptionArn) {
        String messageId = randomness.uuid().toString();
        String timestamp = TIMESTAMP.format(Instant.ofEpochMilli(clock.millis()));
        String url = subscribeUrl(baseUrl, s.topicArn(), s.token());
        String signature = signer.sign(NotificationSigner.confirmationStringToSign(type, message, messageId, url,
                timestamp, s.token(), s.topicArn()), version);
        String body = "{\n"
                + member("Type", type) + member("MessageId", messageId) + member("Token", s.token())
                + member("TopicArn", s.topicArn()) + member("Message", message) + member("SubscribeURL", url)
                + member("Timestamp", timestamp) + member("SignatureVersion", version) + member("Signature", signature)
                + "  \"SigningCertURL\" : " + Json.write(signer.certificateUrl(baseUrl)) + "\n}";
        return new HttpEndpointSender.Post(s.endpoint(), type, messageId, s.topicArn(), subscriptionArn, false, body,
                DeliveryPolicy.AWS_DEFAULT.headerContentType());
    }

    private static String member(String name, String value) {
        return "  \"" + name + "\" : " + Json.write(value) + ",\n";
    }

    /** One attempt at delivering a notification (the envelope JSON, or the raw message) to the subscription. */
    CompletableFuture<Boolean> notify(SubscriptionRecord s, String messageId, String body, String contentType) {
        return sender.send(new HttpEndpointSender.Post(s.endpoint(), NOTIFICATION, messageId, s.topicArn(), s.arn(),
                s.rawMessageDelivery(), body, contentType));
    }

    /** The shared outbound HTTP client, for the other HTTP-based protocols. */
    HttpEndpointSender sender() {
        return sender;
    }

    @Override
    public void close() {
        sender.close();
    }
}
