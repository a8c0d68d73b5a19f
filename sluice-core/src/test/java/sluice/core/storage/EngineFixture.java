package sluice.core.storage;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the storage contract suites share: an engine opened over a fresh temporary directory
 * before each test and closed after it, a way to reopen it over the same directory, and a join
 * with a timeout (a lost completion fails the test instead of hanging it). A subclass per engine
 * says how to open one and whether it is durable.
 */
public abstract class EngineFixture {
    /** An arbitrary epoch-millis base; tests drive time as offsets from it. */
    protected static final long T = 1_700_000_000_000L;

    @TempDir
    Path tempDir;

    private Path dataDir;
    /** The engine under test (replaced by {@link #reopen()}). */
    protected StorageEngine engine;

    /** Opens (creating when needed) an engine over {@code dir}. */
    protected abstract StorageEngine open(Path dir);

    /** Whether what the engine stored survives close and reopen of the same directory. */
    protected abstract boolean durable();

    @BeforeEach
    void openEngine() {
        dataDir = tempDir.resolve("data");
        engine = open(dataDir);
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    protected final StorageEngine engine() {
        return engine;
    }

    /** Closes the engine and opens a new one over the same directory. */
    protected final StorageEngine reopen() {
        engine.close();
        engine = null;
        engine = open(dataDir);
        return engine;
    }

    protected static <T> T await(CompletableFuture<T> future) {
        return future.orTimeout(30, TimeUnit.SECONDS).join();
    }
}
