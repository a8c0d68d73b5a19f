package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.util.List;
import org.junit.jupiter.api.Test;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Start/StopStreamEncryption through the SDK: what the stream reports, EncryptionType on
 * PutRecord(s) and per record in GetRecords, records from before, during and after encryption all
 * readable, also after a restart (that the engine holds no plaintext is proven in core's
 * KinesisEncryptionAtRestTest).
 */
class KinesisEncryptionTest {
    private static final String SHARD = "shardId-000000000000";
    private static final String KEY = "arn:aws:kms:us-east-1:000000000000:key/12345678-1234-1234-1234-123456789012";

    private static void put(KinesisClient k, String name, String data, EncryptionType expected) {
        assertEquals(expected, k.putRecord(b -> b.streamName(name).partitionKey("pk-" + data).data(SdkBytes.fromUtf8String(data)))
                .encryptionType());
    }

    private static List<Record> all(KinesisClient k, String name) {
        String it = k.getShardIterator(b -> b.streamName(name).shardId(SHARD).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return k.getRecords(b -> b.shardIterator(it)).records();
    }

    @Test
    void encryptedRecordsReadBackWithTheirEncryptionTypeAcrossStartStopAndRestart() {
        SluiceTestServer server = SluiceTestServer.start();
        String name = uniqueName("encrypted");
        try {
            try (KinesisClient k = KinesisClients.sync(server.endpoint())) {
                k.createStream(b -> b.streamName(name).shardCount(1));
                put(k, name, "before", EncryptionType.NONE);
                k.startStreamEncryption(b -> b.streamName(name).encryptionType(EncryptionType.KMS).keyId(KEY));
                StreamDescriptionSummary summary = k.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
                assertEquals(EncryptionType.KMS, summary.encryptionType());
                assertEquals(KEY, summary.keyId());
                put(k, name, "during", EncryptionType.KMS);
                assertEquals(EncryptionType.KMS, k.putRecords(b -> b.streamName(name).records(PutRecordsRequestEntry.builder()
                        .partitionKey("pk-batch").data(SdkBytes.fromUtf8String("batch")).build())).encryptionType());
            }
            server = server.restart();
            try (KinesisClient k = KinesisClients.sync(server.endpoint())) {
                put(k, name, "restarted", EncryptionType.KMS);
                k.stopStreamEncryption(b -> b.streamName(name).encryptionType(EncryptionType.KMS).keyId(KEY));
                assertEquals(EncryptionType.NONE, k.describeStream(b -> b.streamName(name)).streamDescription().encryptionType());
                assertNull(k.describeStream(b -> b.streamName(name)).streamDescription().keyId());
                put(k, name, "after", EncryptionType.NONE);
                List<Record> records = all(k, name);
                assertEquals(List.of("before", "during", "batch", "restarted", "after"),
                        records.stream().map(r -> r.data().asUtf8String()).toList());
                assertEquals(List.of("pk-before", "pk-during", "pk-batch", "pk-restarted", "pk-after"),
                        records.stream().map(Record::partitionKey).toList());
                assertEquals(java.util.Arrays.asList(null, EncryptionType.KMS, EncryptionType.KMS, EncryptionType.KMS, null),
                        records.stream().map(Record::encryptionType).toList());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void encryptionCallsAreValidatedAsAwsDoes() {
        try (SluiceTestServer server = SluiceTestServer.start(); KinesisClient k = KinesisClients.sync(server.endpoint())) {
            String name = uniqueName("encrypted");
            k.createStream(b -> b.streamName(name).shardCount(1));
            expectError(ValidationException.class, "ValidationException", 400,
                    () -> k.startStreamEncryption(b -> b.streamName(name).encryptionType("AES").keyId(KEY)));
            expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                    () -> k.startStreamEncryption(b -> b.streamName(name).encryptionType(EncryptionType.NONE).keyId(KEY)));
            expectError(ValidationException.class, "ValidationException", 400,
                    () -> k.startStreamEncryption(b -> b.streamName(name).encryptionType(EncryptionType.KMS).keyId("")));
            expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                    () -> k.startStreamEncryption(b -> b.streamName(name + "-missing").encryptionType(EncryptionType.KMS).keyId(KEY)));
            expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                    () -> k.stopStreamEncryption(b -> b.streamName(name).encryptionType(EncryptionType.KMS).keyId(KEY)));
        }
    }
}
