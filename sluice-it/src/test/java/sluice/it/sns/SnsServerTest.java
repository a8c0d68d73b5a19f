package sluice.it.sns;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The set-up most SNS test classes share: one server with default settings, and an SNS and an SQS client on it. */
abstract class SnsServerTest {
    static SluiceTestServer server;
    static SnsClient sns;
    static SqsClient sqs;

    @BeforeAll
    static void startServer() {
        server = SluiceTestServer.start();
        sns = SnsClients.sns(server.endpoint());
        sqs = SnsClients.sqs(server.endpoint());
    }

    @AfterAll
    static void stopServer() {
        sns.close();
        sqs.close();
        server.close();
    }
}
