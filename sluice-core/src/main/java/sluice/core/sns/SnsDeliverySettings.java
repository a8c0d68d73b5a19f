package sluice.core.sns;

import java.util.Map;

/**
 * Where SNS delivers the protocols that leave the process: Lambda functions (function ARN → base
 * URL of a Lambda-Invoke-compatible API) and the SMTP relay for {@code email}/{@code email-json}
 * (null host: email is not sent), and the {@link MobileSender} for SMS and mobile push (null: a
 * new {@link SnsOutbox}). Validated by the server's configuration.
 */
public record SnsDeliverySettings(Map<String, String> lambdaEndpoints, String smtpHost, int smtpPort, String smtpFrom,
                                  MobileSender mobileSender) {

    /** Nothing configured: Lambda deliveries are client errors, email is not sent, SMS and push go to an outbox. */
    public static final SnsDeliverySettings NONE = new SnsDeliverySettings(Map.of(), null, 25, "sns@sluice.local",
            null);

    public SnsDeliverySettings {
        lambdaEndpoints = Map.copyOf(lambdaEndpoints);
    }
}
