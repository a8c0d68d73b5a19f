package sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import sluice.common.Clock;
import sluice.common.Randomness;
import sluice.core.Lanes;
import sluice.core.kinesis.KinesisService;
import sluice.core.sns.SigningIdentity;
import sluice.core.sns.SnsDeliverySettings;
import sluice.core.sns.SnsService;
import sluice.core.sqs.SqsService;
import sluice.core.storage.MemoryEngine;
import sluice.core.storage.StorageEngine;
import sluice.protocol.auth.Credential;
import sluice.protocol.auth.SigV4Verifier;
import sluice.server.config.Engine;
import sluice.server.config.OutboundConfig;
import sluice.server.config.SluiceConfig;
import sluice.server.http.RequestHandler;
import sluice.server.route.Router;
import sluice.storage.rocksdb.Durability;
import sluice.storage.rocksdb.RocksDbEngine;

/**
 * Wires the parts of a running Sluice together from its configuration: the storage engine, the
 * lanes, the services (SNS delivers to SQS through SQS's QueueDelivery port) and the request router. Closing it stops the lanes, then flushes and closes
 * the engine, so every acknowledged write is on disk when it returns.
 */
public final class Assembly implements AutoCloseable {
    private static final String RECEIPT_KEY_FILE = "receipt-handle.key";

    private final StorageEngine engine;
    private final Lanes lanes;
    private final SnsService sns;
    private final IdleFootprint handler;

    private Assembly(StorageEngine engine, Lanes lanes, SnsService sns, IdleFootprint handler) {
        this.engine = engine;
        this.sns = sns;
        this.lanes = lanes;
        this.handler = handler;
    }

    public static Assembly build(SluiceConfig config) {
        return build(config, Clock.system(), Randomness.secure());
    }

    public static Assembly build(SluiceConfig config, Clock clock, Randomness randomness) {
        StorageEngine engine;
        byte[] receiptKey;
        CompletableFuture<SigningIdentity> snsSigning;
        if (config.engine() == Engine.MEMORY) {
            engine = new MemoryEngine();
            receiptKey = new byte[32];
            randomness.nextBytes(receiptKey);
            snsSigning = SnsSigningKeys.generateInBackground();
        } else {
            createDirectories(config.dataDir());
            receiptKey = loadOrCreateKey(config.dataDir().resolve(RECEIPT_KEY_FILE), randomness);
            snsSigning = SnsSigningKeys.loadOrCreateInBackground(config.dataDir());
            engine = RocksDbEngine.open(config.dataDir().resolve("rocksdb"), Durability.valueOf(config.durability().name()));
        }
        Lanes lanes = new Lanes(Math.max(2, config.lanes()));
        try {
            SqsService sqs = new SqsService(engine, lanes, clock, randomness, receiptKey);
            OutboundConfig outbound = config.outbound();
            SnsService sns = new SnsService(engine, lanes, clock, randomness, sqs, snsSigning, new SnsDeliverySettings(
                    outbound.lambdaFunctions(), outbound.smtpHost(), outbound.smtpPort(), outbound.smtpFrom(), null));
            KinesisService kinesis = new KinesisService(engine, lanes, clock, receiptKey, Duration.ZERO,
                    config.kinesisStrictLimits());
            Map<String, Credential> credentials = config.credentials().stream()
                    .map(c -> new Credential(c.accessKey(), c.secretKey(), c.account()))
                    .collect(Collectors.toMap(Credential::accessKeyId, Function.identity(), (a, b) -> b));
            SigV4Verifier verifier = new SigV4Verifier(key -> Optional.ofNullable(credentials.get(key)), clock);
            Router router = new Router(verifier, sqs, sns, kinesis, snsSigning, randomness, config.publicUrl());
            return new Assembly(engine, lanes, sns, IdleFootprint.forServer(router, engine, lanes.timer()));
        } catch (RuntimeException e) {
            lanes.close();
            engine.close();
            throw e;
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    /** The receipt-handle key lives in the data directory so handles stay valid across restarts. */
    private static byte[] loadOrCreateKey(Path file, Randomness randomness) {
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            byte[] key = new byte[32];
            randomness.nextBytes(key);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, key);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    public RequestHandler handler() {
        return handler;
    }

    @Override
    public void close() {
        handler.stop();
        sns.close();
        lanes.close();
        engine.close();
    }

}
