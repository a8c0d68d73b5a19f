package sluice.storage.rocksdb;

import java.nio.file.Path;
import sluice.core.storage.ShardStoreContract;
import sluice.core.storage.StorageEngine;

/** The RocksDB engine's shards, with its default fsync durability, against the shared shard contract. */
class RocksDbEngineShardContractTest extends ShardStoreContract {

    @Override
    protected StorageEngine open(Path dir) {
        return RocksDbEngine.open(dir, Durability.FSYNC);
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
