package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.it.cli.AwsCli;
import sluice.it.cli.AwsCli.Run;
import sluice.testkit.SluiceTestServer;

/**
 * Debian's {@code awscli} 2.9.x, whose botocore still speaks the SQS query protocol, against the
 * server: create-queue, send-message, receive-message, delete-message and one error. The CLI
 * checks the MD5s of what it sends and receives itself. Skipped when that CLI is not installed
 * ({@code apt-get install -y awscli} puts it at {@code /usr/bin/aws}; another path can be given
 * with {@code -Dsluice.it.queryCli=…}) or when the CLI found speaks the JSON protocol instead.
 */
class QueryCliTest {
    private static AwsCli cli;
    private static SluiceTestServer server;

    @BeforeAll
    static void findCliAndStartServer() throws Exception {
        cli = AwsCli.find();
        server = SluiceTestServer.start();
        Run probe = sqs("list-queues", "--debug");
        boolean query = probe.err().contains("'Action': 'ListQueues'") || probe.err().contains("Action=ListQueues");
        Assumptions.assumeTrue(query, cli.executable() + " does not speak the SQS query protocol");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Run sqs(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("sqs"));
        all.addAll(List.of(args));
        return cli.run(server.endpoint(), all);
    }

    @Test
    void createSendReceiveDeleteThroughTheCli() throws Exception {
        String name = Queues.uniqueName("qcli");
        String url = sqs("create-queue", "--queue-name", name, "--attributes", "VisibilityTimeout=40").ok()
                .json().get("QueueUrl").asText();
        assertEquals(server.queueUrl(name), url);

        try {
            String body = "from the CLI: <&> ü 😀\ttab";
            Run sent = sqs("send-message", "--queue-url", url, "--message-body", body, "--message-attributes",
                    "{\"color\":{\"DataType\":\"String\",\"StringValue\":\"blue\"},"
                            + "\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"},"
                            + "\"raw\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC/w==\"}}").ok();
            JsonNode sendResult = sent.json();
            assertEquals(MessageMd5.ofBody(body), sendResult.get("MD5OfMessageBody").asText());
            String messageId = sendResult.get("MessageId").asText();

            Run received = sqs("receive-message", "--queue-url", url, "--wait-time-seconds", "5",
                    "--attribute-names", "All", "--message-attribute-names", "All").ok();
            JsonNode messages = received.json().get("Messages");
            assertEquals(1, messages.size(), received::out);
            JsonNode m = messages.get(0);
            assertEquals(messageId, m.get("MessageId").asText());
            assertEquals(body, m.get("Body").asText());
            assertEquals("blue", m.get("MessageAttributes").get("color").get("StringValue").asText());
            assertEquals("7", m.get("MessageAttributes").get("n").get("StringValue").asText());
            assertEquals("AAEC/w==", m.get("MessageAttributes").get("raw").get("BinaryValue").asText());
            assertEquals("1", m.get("Attributes").get("ApproximateReceiveCount").asText());

            sqs("delete-message", "--queue-url", url, "--receipt-handle", m.get("ReceiptHandle").asText()).ok();
            Run attributes = sqs("get-queue-attributes", "--queue-url", url, "--attribute-names",
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "VisibilityTimeout").ok();
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
