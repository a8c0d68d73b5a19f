package sluice.core.storage;

import java.nio.file.Path;

/** The reference engine against the shared contract; it keeps nothing across a reopen. */
class MemoryEngineContractTest extends StorageEngineContract {

    @Override
    protected StorageEngine open(Path dir) {
        return new MemoryEngine();
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
