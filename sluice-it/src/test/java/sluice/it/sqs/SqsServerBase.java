package sluice.it.sqs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A test class's own Sluice server (see {@link SluiceServerBase}) and a synchronous SDK client on
 * it ({@link SqsClients#sync(java.net.URI)}), closed before the server.
 */
public abstract class SqsServerBase extends SluiceServerBase {
    protected static SqsClient sqs;

    @BeforeAll
    static void openSqsClient() {
        sqs = SqsClients.sync(server.endpoint());
    }

    @AfterAll
    static void closeSqsClient() {
        if (sqs != null) {
            sqs.close();
        }
    }
}
