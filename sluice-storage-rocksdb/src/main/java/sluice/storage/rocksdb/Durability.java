package sluice.storage.rocksdb;

/**
 * When a write's future completes, relative to what a crash can take away.
 */
public enum Durability {
    /** The write-ahead log is fsynced by every group commit: survives power loss. The default. */
    FSYNC,
    /** The write-ahead log is written to the OS but not fsynced: survives kill -9, not power loss. */
    OS,
    /**
     * No write-ahead log: writes live in memtables until RocksDB flushes them (or a clean close
     * does). A crash loses everything not yet flushed.
     */
    NONE
}
