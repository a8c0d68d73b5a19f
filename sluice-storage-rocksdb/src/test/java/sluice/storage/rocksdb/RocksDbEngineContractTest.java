package sluice.storage.rocksdb;

import java.nio.file.Path;
import sluice.core.storage.StorageEngine;
import sluice.core.storage.StorageEngineContract;

/** The RocksDB engine, with its default fsync durability, against the shared contract. */
class RocksDbEngineContractTest extends StorageEngineContract {

    @Override
    protected StorageEngine open(Path dir) {
        return RocksDbEngine.open(dir, Durability.FSYNC);
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
