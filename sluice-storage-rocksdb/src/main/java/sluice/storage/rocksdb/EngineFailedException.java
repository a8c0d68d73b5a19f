package sluice.storage.rocksdb;

/**
 * The engine stopped accepting writes because one failed (disk full, I/O error, corruption).
 * Nothing written after the failure is durable; the server must be restarted once the cause (see
 * {@link #getCause()}) is fixed, and recovery then restores every write acknowledged before it.
 */
public final class EngineFailedException extends IllegalStateException {

    EngineFailedException(Throwable cause) {
        super("The RocksDB storage engine failed a write and accepts no more; fix the cause ("
                + cause + ") and restart the server", cause);
    }
}
