package sluice.it.sns;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Verifies an SNS message signature the way AWS tells subscribers to, independently of Sluice's
 * signer: fetch the certificate from SigningCertURL, build the documented string to sign for the
 * message's Type (name and value of each listed field, each followed by a newline, fields absent
 * from the message skipped), and check the base64 Signature with SHA1withRSA (SignatureVersion 1)
 * or SHA256withRSA (2).
 */
final class SnsMessageVerifier {
    private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp",
            "TopicArn", "Type");
    private static final List<String> CONFIRMATION_FIELDS = List.of("Message", "MessageId", "SubscribeURL",
            "Timestamp", "Token", "TopicArn", "Type");

    private SnsMessageVerifier() {
    }

    static boolean verify(JsonNode message) throws Exception {
        List<String> fields = message.get("Type").asText().equals("Notification") ? NOTIFICATION_FIELDS
                : CONFIRMATION_FIELDS;
        StringBuilder toSign = new StringBuilder();
        for (String field : fields) {
            JsonNode value = message.get(field);
            if (value != null) {
                toSign.append(field).append('\n').append(value.asText()).append('\n');
            }
        }
        byte[] pem;
        try (HttpClient client = HttpClient.newHttpClient()) {
            pem = client.send(HttpRequest.newBuilder(URI.create(message.get("SigningCertURL").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
        Signature signature = Signature.getInstance("2".equals(message.get("SignatureVersion").asText())
                ? "SHA256withRSA" : "SHA1withRSA");
        signature.initVerify(certificate.getPublicKey());
        signature.update(toSign.toString().getBytes(StandardCharsets.UTF_8));
        return signature.verify(Base64.getDecoder().decode(message.get("Signature").asText()));
    }
}
