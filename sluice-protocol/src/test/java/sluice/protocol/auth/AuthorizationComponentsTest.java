package sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Authorization header splits exactly as a split on {@code [\s,]+} would, without a regex per request. */
class AuthorizationComponentsTest {
    private static final Pattern REFERENCE = Pattern.compile("[\\s,]+");

    @Test
    void splitsTheSdkFormOnCommasAndSpaces() {
        assertEquals(List.of("AWS4-HMAC-SHA256", "Credential=test/20261125/us-east-1/sqs/aws4_request",
                        "SignedHeaders=host;x-amz-date", "Signature=abc"),
                AuthorizationParser.components("AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/sqs/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=abc"));
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomHeaders() {
        Random random = new Random(42);
        String alphabet = "ab=, \t\n,\r\f\u000B";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String header = text.toString();
            assertEquals(Arrays.asList(REFERENCE.split(header)), AuthorizationParser.components(header),
                    () -> "header " + header.replace("\n", "\\n"));
        }
    }
}
