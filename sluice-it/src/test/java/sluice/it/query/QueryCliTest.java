package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.testkit.SluiceTestServer;

/**
 * Debian's {@code awscli} 2.9.x, whose botocore still speaks the SQS query protocol, against the
 * server: create-queue, send-message, receive-message, delete-message and one error. The CLI
 * checks the MD5s of what it sends and receives itself. Skipped when that CLI is not installed
 * ({@code apt-get install -y awscli} puts it at {@code /usr/bin/aws}; another path can be given
 * with {@code -Dsluice.it.queryCli=…}) or when the CLI found speaks the JSON protocol instead.
 */
class QueryCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("^aws-cli/(\\d+)\\.(\\d+)\\.");

    private static Path cli;
    private static SluiceTestServer server;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void findCliAndStartServer() throws Exception {
        cli = Path.of(System.getProperty("sluice.it.queryCli", "/usr/bin/aws"));
        Assumptions.assumeTrue(Files.isExecutable(cli), cli + " is not installed (apt-get install -y awscli)");
        Run version = run(List.of("--version"));
        Matcher m = VERSION.matcher(version.out().strip() + version.err().strip());
        Assumptions.assumeTrue(version.exit() == 0 && m.find(), "not an AWS CLI: " + version);
        server = SluiceTestServer.start();
        Run probe = sqs("list-queues", "--debug");
        boolean query = probe.err().contains("'Action': 'ListQueues'") || probe.err().contains("Action=ListQueues");
        Assumptions.assumeTrue(query, cli + " does not speak the SQS query protocol: " + version.out().strip());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Run run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", SluiceTestServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SluiceTestServer.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", SluiceTestServer.REGION);
        env.put("AWS_CONFIG_FILE", "/nonexistent/sluice-it/config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/sluice-it/credentials");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path out = Files.createTempFile("sluice-cli-out", ".txt");
        Path err = Files.createTempFile("sluice-cli-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aws " + args + " did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Run sqs(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(), "--output", "json", "sqs"));
        all.addAll(List.of(args));
        return run(all);
    }

    private static Run ok(Run r) {
        assertEquals(0, r.exit(), () -> "aws failed: " + r);
        return r;
    }

    @Test
    void createSendReceiveDeleteThroughTheCli() throws Exception {
        String name = Queues.uniqueName("qcli");
        String url = ok(sqs("create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=40"))
                .json().get("QueueUrl").asText();
        assertEquals(server.queueUrl(name), url);

        try {
            String body = "from the CLI: <&> ü 😀\ttab";
            Run sent = ok(sqs("send-message", "--queue-url", url, "--message-body", body, "--message-attributes",
                    "{\"color\":{\"DataType\":\"String\",\"StringValue\":\"blue\"},"
                            + "\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"},"
                            + "\"raw\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC/w==\"}}"));
            JsonNode sendResult = sent.json();
            assertEquals(MessageMd5.ofBody(body), sendResult.get("MD5OfMessageBody").asText());
            String messageId = sendResult.get("MessageId").asText();

            Run received = ok(sqs("receive-message", "--queue-url", url, "--wait-time-seconds", "5",
                    "--attribute-names", "All", "--message-attribute-names", "All"));
            JsonNode messages = received.json().get("Messages");
            assertEquals(1, messages.size(), received::out);
            JsonNode m = messages.get(0);
            assertEquals(messageId, m.get("MessageId").asText());
            assertEquals(body, m.get("Body").asText());
            assertEquals("blue", m.get("MessageAttributes").get("color").get("StringValue").asText());
            assertEquals("7", m.get("MessageAttributes").get("n").get("StringValue").asText());
            assertEquals("AAEC/w==", m.get("MessageAttributes").get("raw").get("BinaryValue").asText());
            assertEquals("1", m.get("Attributes").get("ApproximateReceiveCount").asText());

            ok(sqs("delete-message", "--queue-url", url, "--receipt-handle", m.get("ReceiptHandle").asText()));
            Run attributes = ok(sqs("get-queue-attributes", "--queue-url", url, "--attribute-names",
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "VisibilityTimeout"));
            JsonNode attrs = attributes.json().get("Attributes");
            assertEquals("0", attrs.get("ApproximateNumberOfMessages").asText());
            assertEquals("0", attrs.get("ApproximateNumberOfMessagesNotVisible").asText());
            assertEquals("40", attrs.get("VisibilityTimeout").asText());
        } finally {
            sqs("delete-queue", "--queue-url", url);
        }
    }

    @Test
    void aMissingQueueIsReportedWithItsQueryErrorCode() throws Exception {
        Run r = sqs("get-queue-url", "--queue-name", Queues.uniqueName("qcli-missing"));
        assertNotEquals(0, r.exit(), () -> "get-queue-url of a missing queue succeeded: " + r);
        assertTrue(r.err().contains("AWS.SimpleQueueService.NonExistentQueue"), () -> "stderr: " + r.err());
        assertTrue(r.err().contains("GetQueueUrl"), () -> "stderr: " + r.err());
    }
}
