package sluice.server.config;

/** The storage engine behind every service. */
public enum Engine {
    /** Durable, on-disk (RocksDB) under {@code dataDir}. */
    ROCKSDB,
    /** Everything in the heap; gone at exit. */
    MEMORY
}
