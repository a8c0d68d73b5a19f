package sluice.core.sns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import sluice.common.Json;

/**
 * {@code email} and {@code email-json} subscriptions, through the configured SMTP relay: the
 * confirmation mail carrying the SubscribeURL after Subscribe, then notifications: for
 * {@code email} the message text (its {@code email} key with MessageStructure=json) with AWS's
 * unsubscribe footer, for {@code email-json} the JSON envelope. The subject is the message's
 * Subject, else AWS's "AWS Notification Message"; the sender name is the topic's DisplayName, else
 * "AWS Notifications". Retried with AWS's policy for customer-managed endpoints
 * ({@link #CUSTOMER_MANAGED_POLICY}); a relay's 5xx is a client error (not retried). Without a
 * relay configured nothing is sent and every email delivery is a client error.
 */
final class EmailDelivery {
    /** AWS's retry policy for SMTP, SMS and mobile push: 2 retries 10 s apart, 10 backing off to 600 s, then 38 at 600 s. */
    static final DeliveryPolicy CUSTOMER_MANAGED_POLICY = new DeliveryPolicy(50, 0, 2, 38, 10, 600, "exponential",
            "text/plain; charset=UTF-8");
    private static final String DEFAULT_SUBJECT = "AWS Notification Message";
    private static final String FOOTER_CONTACT = "Please do not reply directly to this email. If you have any questions "
            + "or comments regarding this email, please contact us at https://aws.amazon.com/support";

    private final SmtpSender smtp;
    private final String from;

    EmailDelivery(SnsDeliverySettings settings, ExecutorService threads) {
        this.smtp = settings.smtpHost() == null ? null : new SmtpSender(settings.smtpHost(), settings.smtpPort(), threads);
        this.from = settings.smtpFrom();
    }

    static boolean isEmail(String protocol) {
        return protocol.equals("email") || protocol.equals("email-json");
    }

    /** The stored form of one notification mail: its subject and text. */
    static String notification(SubscriptionRecord s, Notification n, String unsubscribeUrl) {
        String text = s.protocol().equals("email-json") ? n.toJson(unsubscribeUrl)
                : n.message() + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or "
                        + "visit the link below to unsubscribe:\n" + unsubscribeUrl + "\n\n" + FOOTER_CONTACT;
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("subject", n.subject() == null ? DEFAULT_SUBJECT : n.subject());
        mail.put("text", text);
        return Json.write(mail);
    }

    /** Sends the confirmation mail of a pending subscription (one attempt). */
    CompletableFuture<DeliveryRetries.Outcome> confirm(String baseUrl, SubscriptionRecord s, TopicRecord topic) {
        String text = "You have chosen to subscribe to the topic: \n" + s.topicArn() + "\n\nTo confirm this subscription, "
                + "click or visit the link below (If this was in error no action is necessary): \n"
                + HttpDelivery.subscribeUrl(baseUrl, s.topicArn(), s.token()) + "\n\n" + FOOTER_CONTACT;
        return send(s, topic, "AWS Notification - Subscription Confirmation", text);
    }

    /** One attempt at a stored notification mail ({@link #notification}). */
    CompletableFuture<DeliveryRetries.Outcome> send(SubscriptionRecord s, TopicRecord topic, String stored) {
        Map<?, ?> mail = (Map<?, ?>) Json.parse(stored);
        return send(s, topic, (String) mail.get("subject"), (String) mail.get("text"));
    }

    private CompletableFuture<DeliveryRetries.Outcome> send(SubscriptionRecord s, TopicRecord topic, String subject,
                                                           String text) {
        if (smtp == null) {
            return CompletableFuture.completedFuture(DeliveryRetries.Outcome.REJECTED);
        }
        String displayName = topic.attributes().get(TopicAttributes.DISPLAY_NAME);
        String fromName = displayName == null || displayName.isEmpty() ? "AWS Notifications" : displayName;
        return smtp.send(fromName, from, s.endpoint(), subject, text);
    }
}
