package sluice.server.config;

import java.util.Map;
import java.util.Objects;

/**
 * Where SNS delivers the protocols that leave the process: {@code lambdaFunctions} maps a Lambda
 * function ARN (with or without a qualifier) to the base URL of a Lambda-Invoke-compatible API;
 * the SMTP relay ({@code smtpHost} null: email is not sent) takes {@code email}/{@code email-json}
 * deliveries, sent from {@code smtpFrom}.
 */
public record OutboundConfig(Map<String, String> lambdaFunctions, String smtpHost, int smtpPort, String smtpFrom) {

    public OutboundConfig {
        lambdaFunctions = Map.copyOf(lambdaFunctions);
        Objects.requireNonNull(smtpFrom, "smtpFrom");
    }

    public OutboundConfig withLambdaFunctions(Map<String, String> v) {
        return new OutboundConfig(v, smtpHost, smtpPort, smtpFrom);
    }

    public OutboundConfig withSmtp(String host, int port) {
        return new OutboundConfig(lambdaFunctions, host, port, smtpFrom);
    }
}
