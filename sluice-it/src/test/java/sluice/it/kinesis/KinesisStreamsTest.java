package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Streams, shards, records and iterators through the SDK's default (CBOR) sync client. */
class KinesisStreamsTest {
    private static SluiceTestServer server;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() {
        server = SluiceTestServer.start();
        kinesis = KinesisClients.sync(server.endpoint());
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    static String create(KinesisClient client, int shards) {
        String name = uniqueName("stream");
        client.createStream(b -> b.streamName(name).shardCount(shards));
        return name;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Record r) {
        return r.data().asUtf8String();
    }

    @Test
    void createdStreamsAreDescribedWithEvenHashKeyRangesAndListed() {
        String name = create(kinesis, 3);
        DescribeStreamResponse d = kinesis.describeStream(b -> b.streamName(name));
        assertEquals(StreamStatus.ACTIVE, d.streamDescription().streamStatus());
        assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/" + name, d.streamDescription().streamARN());
        assertEquals(24, d.streamDescription().retentionPeriodHours());
        assertNotNull(d.streamDescription().streamCreationTimestamp());
        List<Shard> shards = d.streamDescription().shards();
        assertEquals(3, shards.size());
        BigInteger space = BigInteger.ONE.shiftLeft(128);
        for (int i = 0; i < 3; i++) {
            Shard s = shards.get(i);
            assertEquals(String.format("shardId-%012d", i), s.shardId());
            BigInteger start = space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(3));
            BigInteger end = space.multiply(BigInteger.valueOf(i + 1)).divide(BigInteger.valueOf(3)).subtract(BigInteger.ONE);
            assertEquals(start.toString(), s.hashKeyRange().startingHashKey());
            assertEquals(end.toString(), s.hashKeyRange().endingHashKey());
            assertEquals(56, s.sequenceNumberRange().startingSequenceNumber().length());
            assertNull(s.sequenceNumberRange().endingSequenceNumber());
        }
        assertTrue(kinesis.listStreams().streamNames().contains(name));
        assertEquals(3, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().openShardCount());
        String arn = d.streamDescription().streamARN();
        assertEquals(name, kinesis.describeStreamSummary(b -> b.streamARN(arn)).streamDescriptionSummary().streamName());
    }

    @Test
    void listShardsPagesWithNextToken() {
        String name = create(kinesis, 3);
        ListShardsResponse first = kinesis.listShards(b -> b.streamName(name).maxResults(2));
        assertEquals(2, first.shards().size());
        assertNotNull(first.nextToken());
        ListShardsResponse second = kinesis.listShards(b -> b.nextToken(first.nextToken()));
        assertEquals(List.of("shardId-000000000002"), second.shards().stream().map(Shard::shardId).toList());
        assertNull(second.nextToken());
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.listShards(b -> b.streamName(name).nextToken(first.nextToken())));
    }

    @Test
    void recordsComeBackInOrderWithIncreasingSequenceNumbers() {
        String name = create(kinesis, 1);
        long before = System.currentTimeMillis();
        List<String> seqs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            PutRecordResponse put = kinesis.putRecord(b -> b.streamName(name).partitionKey("pk").data(SdkBytes.fromUtf8String("r" + n)));
            assertEquals("shardId-000000000000", put.shardId());
            seqs.add(put.sequenceNumber());
        }
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(new BigInteger(seqs.get(i)).compareTo(new BigInteger(seqs.get(i - 1))) > 0);
        }
        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(iterator));
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4"), got.records().stream().map(KinesisStreamsTest::text).toList());
        assertEquals(seqs, got.records().stream().map(Record::sequenceNumber).toList());
        assertEquals("pk", got.records().getFirst().partitionKey());
        Instant arrival = got.records().getFirst().approximateArrivalTimestamp();
        assertTrue(arrival.toEpochMilli() >= before - 1000 && arrival.toEpochMilli() <= System.currentTimeMillis() + 1000, arrival::toString);
        assertEquals(0L, got.millisBehindLatest());
        assertNotNull(got.nextShardIterator());
        GetRecordsResponse limited = kinesis.getRecords(b -> b.shardIterator(iterator).limit(2));
        assertEquals(2, limited.records().size());
        GetRecordsResponse rest = kinesis.getRecords(b -> b.shardIterator(limited.nextShardIterator()));
        assertEquals(List.of("r2", "r3", "r4"), rest.records().stream().map(KinesisStreamsTest::text).toList());
        assertTrue(kinesis.getRecords(b -> b.shardIterator(rest.nextShardIterator())).records().isEmpty());
    }

    @Test
    void everyIteratorTypeStartsWhereAwsSays() throws InterruptedException {
        String name = create(kinesis, 1);
        String shard = "shardId-000000000000";
        String latest = kinesis.getShardIterator(b -> b.streamName(name).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        String s0 = kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("a"))).sequenceNumber();
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("b")));
        assertEquals(List.of("a", "b"), read(latest));
        assertEquals(List.of("a", "b"), read(kinesis.getShardIterator(b -> b.streamName(name).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(s0)).shardIterator()));
        assertEquals(List.of("b"), read(kinesis.getShardIterator(b -> b.streamName(name).shardId(shard)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(s0)).shardIterator()));
        assertEquals(List.of("b"), read(kinesis.getShardIterator(b -> b.streamName(name).shardId(shard)
                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(between)).shardIterator()));
        assertEquals(List.of(), read(kinesis.getShardIterator(b -> b.streamName(name).shardId(shard)
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator()));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.getShardIterator(b -> b.streamName(name).shardId(shard)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber("12345")));
    }

    private List<String> read(String iterator) {
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream().map(KinesisStreamsTest::text).toList();
    }

    @Test
    void putRecordsRoutesByHashKeyAndAnswersPerRecord() {
        String name = create(kinesis, 2);
        BigInteger half = BigInteger.ONE.shiftLeft(127);
        List<PutRecordsRequestEntry> entries = List.of(
                PutRecordsRequestEntry.builder().partitionKey("a").explicitHashKey("0").data(SdkBytes.fromByteArray(bytes("zero"))).build(),
                PutRecordsRequestEntry.builder().partitionKey("b").explicitHashKey(half.toString()).data(SdkBytes.fromByteArray(bytes("high"))).build(),
                PutRecordsRequestEntry.builder().partitionKey("c").explicitHashKey(half.subtract(BigInteger.ONE).toString())
                        .data(SdkBytes.fromByteArray(bytes("low"))).build());
        PutRecordsResponse put = kinesis.putRecords(b -> b.streamName(name).records(entries));
        assertEquals(0, put.failedRecordCount());
        assertEquals(List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000000"),
                put.records().stream().map(PutRecordsResultEntry::shardId).toList());
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k").explicitHashKey(BigInteger.ONE.shiftLeft(128).toString())
                        .data(SdkBytes.fromUtf8String("x"))));
    }

    @Test
    void errorsAreTheOnesAwsSends() {
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.describeStream(b -> b.streamName("no-such-stream")));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.putRecord(b -> b.streamName("no-such-stream").partitionKey("k").data(SdkBytes.fromUtf8String("x"))));
        String name = create(kinesis, 1);
        expectError(ResourceInUseException.class, "ResourceInUseException", 400,
                () -> kinesis.createStream(b -> b.streamName(name).shardCount(1)));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(8761)));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(23)));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.getRecords(b -> b.shardIterator("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000009")
                        .shardIteratorType(ShardIteratorType.LATEST)));
        kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
        assertEquals(48, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().retentionPeriodHours());
        kinesis.deleteStream(b -> b.streamName(name));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.describeStream(b -> b.streamName(name)));
    }

    @Test
    void tagsLimitsAndEnhancedMonitoring() {
        String name = create(kinesis, 1);
        kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("team", "a", "env", "dev")));
        assertEquals(Map.of("team", "a", "env", "dev"), tags(name));
        kinesis.removeTagsFromStream(b -> b.streamName(name).tagKeys("env"));
        assertEquals(Map.of("team", "a"), tags(name));
        assertTrue(kinesis.describeLimits().openShardCount() >= 1);
        assertEquals(500, kinesis.describeLimits().shardLimit());
        var enabled = kinesis.enableEnhancedMonitoring(b -> b.streamName(name).shardLevelMetrics(MetricsName.INCOMING_BYTES));
        assertTrue(enabled.currentShardLevelMetrics().isEmpty());
        assertEquals(List.of(MetricsName.INCOMING_BYTES), enabled.desiredShardLevelMetrics());
        var disabled = kinesis.disableEnhancedMonitoring(b -> b.streamName(name).shardLevelMetrics(MetricsName.ALL));
        assertTrue(disabled.desiredShardLevelMetrics().isEmpty());
        assertFalse(disabled.currentShardLevelMetrics().isEmpty());
    }

    private Map<String, String> tags(String name) {
        Map<String, String> out = new java.util.HashMap<>();
        kinesis.listTagsForStream(b -> b.streamName(name)).tags().forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    @Test
    void consumersTagsByArnAndStreamModeChanges() {
        String name = create(kinesis, 1);
        String arn = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
        var registered = kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app")).consumer();
        assertTrue(registered.consumerARN().startsWith(arn + "/consumer/app:"), registered.consumerARN());
        assertEquals("ACTIVE", registered.consumerStatusAsString());
        expectError(ResourceInUseException.class, "ResourceInUseException", 400,
                () -> kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app")));
        var described = kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN())).consumerDescription();
        assertEquals("app", described.consumerName());
        assertEquals(arn, described.streamARN());
        assertEquals(List.of("app"), kinesis.listStreamConsumers(b -> b.streamARN(arn)).consumers().stream()
                .map(c -> c.consumerName()).toList());
        assertEquals(1, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().consumerCount());
        kinesis.deregisterStreamConsumer(b -> b.streamARN(arn).consumerName("app"));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.describeStreamConsumer(b -> b.streamARN(arn).consumerName("app")));

        kinesis.tagResource(b -> b.resourceARN(arn).tags(Map.of("k", "v")));
        assertEquals(List.of("k"), kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags().stream().map(t -> t.key()).toList());
        kinesis.untagResource(b -> b.resourceARN(arn).tagKeys("k"));
        assertTrue(kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags().isEmpty());

        kinesis.startStreamEncryption(b -> b.streamName(name).encryptionType("KMS").keyId("alias/aws/kinesis"));
        var encrypted = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertEquals("KMS", encrypted.encryptionTypeAsString());
        assertEquals("alias/aws/kinesis", encrypted.keyId());
        assertEquals("KMS", kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("x")))
                .encryptionTypeAsString());
        kinesis.stopStreamEncryption(b -> b.streamName(name).encryptionType("KMS").keyId("alias/aws/kinesis"));
        assertEquals("NONE", kinesis.describeStream(b -> b.streamName(name)).streamDescription().encryptionTypeAsString());

        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode("ON_DEMAND")));
        assertEquals("ON_DEMAND", kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary()
                .streamModeDetails().streamModeAsString());
    }

    @Test
    void everyRecordNumberIsAboveTheShardsStartingSequenceNumber() {
        String name = create(kinesis, 1);
        Shard shard = kinesis.listShards(b -> b.streamName(name)).shards().getFirst();
        String starting = shard.sequenceNumberRange().startingSequenceNumber();
        PutRecordResponse first = kinesis.putRecord(b -> b.streamName(name).partitionKey("k")
                .data(SdkBytes.fromUtf8String("first")));
        assertTrue(new BigInteger(first.sequenceNumber()).compareTo(new BigInteger(starting)) > 0,
                first.sequenceNumber() + " must be above " + starting);

        // AFTER the starting number and AT it both begin with the first record
        for (ShardIteratorType type : List.of(ShardIteratorType.AFTER_SEQUENCE_NUMBER, ShardIteratorType.AT_SEQUENCE_NUMBER)) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId(shard.shardId())
                    .shardIteratorType(type).startingSequenceNumber(starting)).shardIterator();
            List<Record> records = kinesis.getRecords(b -> b.shardIterator(iterator)).records();
            assertEquals(first.sequenceNumber(), records.getFirst().sequenceNumber(), type.toString());
        }
    }
}
