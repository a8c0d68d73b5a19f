package sluice.it.sqs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import sluice.testkit.SluiceTestServer;

/**
 * A test class's own Sluice server, started before its first test and closed after its last. Test
 * classes run one after another, so the static field belongs to the class running now.
 */
public abstract class SluiceServerBase {
    protected static SluiceTestServer server;

    @BeforeAll
    static void startSluiceServer() {
        server = SluiceTestServer.start();
    }

    @AfterAll
    static void stopSluiceServer() {
        if (server != null) {
            server.close();
        }
    }
}
