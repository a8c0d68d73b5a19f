package sluice.it.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import sluice.it.sqs.SluiceServerBase;

/**
 * A test class's own Sluice server (see {@link SluiceServerBase}), a {@link QueryClient} on it,
 * and per test the {@link Queues} it creates, deleted again after the test.
 */
abstract class QueryServerBase extends SluiceServerBase {
    static QueryClient sqs;
    Queues queues;

    @BeforeAll
    static void openQueryClient() {
        sqs = new QueryClient(server.endpoint());
    }

    @BeforeEach
    void trackQueues() {
        queues = new Queues(sqs);
    }

    @AfterEach
    void deleteQueues() {
        queues.deleteAll();
    }
}
