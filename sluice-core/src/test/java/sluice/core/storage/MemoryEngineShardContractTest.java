package sluice.core.storage;

import java.nio.file.Path;

/** The memory engine's shards against the shared shard contract. */
class MemoryEngineShardContractTest extends ShardStoreContract {

    @Override
    protected StorageEngine open(Path dir) {
        return new MemoryEngine();
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
