package sluice.core.kinesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisRecord;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.StreamRef;
import sluice.common.ManualClock;
import sluice.common.Scope;
import sluice.core.Lanes;
import sluice.core.storage.MemoryEngine;
import sluice.core.storage.ShardStore;

/**
 * Encryption at rest, looked at through the storage SPI: while a stream is encrypted its records'
 * data and partition keys are not in the engine as plaintext, yet every record, before, during
 * and after encryption, reads back as written (also after a restart and in split children).
 */
class KinesisEncryptionAtRestTest {
    private static final KinesisContext CONTEXT = new KinesisContext(new Scope("000000000000", "us-east-1"));
    private static final StreamRef S = new StreamRef("s", null);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final Lanes lanes = new Lanes(2);
    private final MemoryEngine engine = new MemoryEngine();
    private final byte[] secret = "a server secret of thirty-two b!".getBytes(StandardCharsets.US_ASCII);

    @AfterEach
    void close() {
        lanes.close();
    }

    private static KinesisResult run(KinesisService service, KinesisRequest request) {
        return service.execute(CONTEXT, request).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static KinesisResult.PutRecord put(KinesisService service, String data, String key) {
        return (KinesisResult.PutRecord) run(service, new KinesisRequest.PutRecord(S, data.getBytes(StandardCharsets.UTF_8), key, null, null));
    }

    private static List<KinesisRecord> read(KinesisService service, String shardId) {
        String it = ((KinesisResult.ShardIterator) run(service,
                new KinesisRequest.GetShardIterator(S, shardId, "TRIM_HORIZON", null, null))).shardIterator();
        return ((KinesisResult.Records) run(service, new KinesisRequest.GetRecords(it, null, null))).records();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void recordsWrittenWhileEncryptedAreNotPlaintextInTheEngineAndReadBackAsWritten() {
        KinesisService service = new KinesisService(engine, lanes, clock, secret, Duration.ZERO);
        run(service, new KinesisRequest.CreateStream("s", 1, null, null));
        assertEquals("NONE", put(service, "plain-before", "pk-before").encryptionType());
        run(service, new KinesisRequest.StartStreamEncryption(S, "KMS", "alias/aws/kinesis"));
        assertEquals("KMS", put(service, "secret-data", "secret-key").encryptionType());
        run(service, new KinesisRequest.StopStreamEncryption(S, "KMS", "alias/aws/kinesis"));
        assertEquals("NONE", put(service, "plain-after", "pk-after").encryptionType());

        long id = KinesisStream.fromRecord(engine.records(KinesisStream.NAMESPACE).values().iterator().next()).id;
        List<ShardStore.StoredRecord> raw = engine.openShard(id + "-0").read(0, 10, Long.MAX_VALUE).records();
        assertEquals(3, raw.size());
        assertArrayEquals("plain-before".getBytes(StandardCharsets.UTF_8), raw.get(0).data());
        assertFalse(text(raw.get(1).data()).contains("secret-data"), "data is sealed in the engine");
        assertFalse(raw.get(1).partitionKey().contains("secret-key"), "the partition key is sealed in the engine");
        assertEquals("pk-after", raw.get(2).partitionKey());

        List<KinesisRecord> records = read(service, "shardId-000000000000");
        assertEquals(List.of("plain-before", "secret-data", "plain-after"),
                records.stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList());
        assertEquals(List.of("pk-before", "secret-key", "pk-after"), records.stream().map(KinesisRecord::partitionKey).toList());
        assertNull(records.get(0).encryptionType());
        assertEquals("KMS", records.get(1).encryptionType());
        assertNull(records.get(2).encryptionType());
    }

    @Test
    void encryptionSurvivesARestartAndPassesToSplitChildren() {
        KinesisService service = new KinesisService(engine, lanes, clock, secret, Duration.ZERO);
        run(service, new KinesisRequest.CreateStream("s", 1, null, null));
        run(service, new KinesisRequest.StartStreamEncryption(S, "KMS", "arn:aws:kms:us-east-1:000000000000:key/k"));
        put(service, "sealed-one", "k1");
        run(service, new KinesisRequest.SplitShard(S, "shardId-000000000000", "12345"));
        KinesisResult.PutRecord child = (KinesisResult.PutRecord) run(service,
                new KinesisRequest.PutRecord(S, "sealed-two".getBytes(StandardCharsets.UTF_8), "k2", "99999", null));
        assertEquals("shardId-000000000002", child.shardId());
        assertEquals("KMS", child.encryptionType());

        KinesisService restarted = new KinesisService(engine, lanes, clock, secret, Duration.ZERO);
        assertEquals("sealed-one", new String(read(restarted, "shardId-000000000000").getFirst().data(), StandardCharsets.UTF_8));
        KinesisRecord two = read(restarted, "shardId-000000000002").getFirst();
        assertEquals("sealed-two", new String(two.data(), StandardCharsets.UTF_8));
        assertEquals("KMS", two.encryptionType());
        KinesisResult.StreamSummary summary = (KinesisResult.StreamSummary) run(restarted, new KinesisRequest.DescribeStreamSummary(S));
        assertEquals("KMS", summary.encryptionType());
        assertEquals("arn:aws:kms:us-east-1:000000000000:key/k", summary.keyId());
    }
}
