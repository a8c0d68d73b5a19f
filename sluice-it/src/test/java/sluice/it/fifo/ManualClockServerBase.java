package sluice.it.fifo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.SqsClient;
import sluice.common.ManualClock;
import sluice.it.sqs.SqsClients;
import sluice.testkit.SluiceTestServer;

/**
 * A test class's own Sluice server running on a manual clock (starting at the wall-clock time),
 * and a synchronous SDK client that signs with that clock, so that a test may move it by minutes.
 */
abstract class ManualClockServerBase {
    static ManualClock clock;
    static SluiceTestServer server;
    static SqsClient sqs;

    @BeforeAll
    static void startOnManualClock() {
        clock = new ManualClock(System.currentTimeMillis());
        server = SluiceTestServer.start(c -> c, clock);
        sqs = SqsClients.sync(server.endpoint(), clock::millis);
    }

    @AfterAll
    static void stopOnManualClock() {
        sqs.close();
        server.close();
    }
}
