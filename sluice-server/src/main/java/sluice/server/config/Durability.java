package sluice.server.config;

/** When an acknowledged write is on stable storage (engine rocksdb; ignored by engine memory). */
public enum Durability {
    /** The write-ahead log is fsynced before a write is acknowledged: survives power loss. */
    FSYNC,
    /** The write-ahead log is written to the OS before acknowledging: survives a process crash. */
    OS,
    /** No write-ahead log: recent writes are lost on any crash (fastest). */
    NONE
}
