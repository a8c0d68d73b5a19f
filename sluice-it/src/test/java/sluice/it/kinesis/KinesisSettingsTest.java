package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DryRunOperationException;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutput;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutputStatus;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.RecordDistributionStrategy;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Resource policies, UpdateMaxRecordSize, record distribution, account settings and warm throughput through the SDK's
 * CBOR and JSON clients; what they set survives a restart.
 */
class KinesisSettingsTest {
    private SluiceTestServer server = SluiceTestServer.start();
    private KinesisClient kinesis = KinesisClients.sync(server.endpoint());

    @AfterEach
    void stop() {
        kinesis.close();
        server.close();
    }

    private String arn(String name) {
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    private void restart() {
        kinesis.close();
        server = server.restart();
        kinesis = KinesisClients.sync(server.endpoint());
    }

    @Test
    void resourcePoliciesOfStreamsAndConsumersArePutReadAndDeleted() {
        String name = uniqueName("policy");
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        String streamArn = arn(name);
        String consumerArn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app")).consumer().consumerARN();
        assertEquals("{}", kinesis.getResourcePolicy(b -> b.resourceARN(streamArn)).policy());

        String streamPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"kinesis:GetRecords\",\"Resource\":\"" + streamArn + "\"}]}";
        String consumerPolicy = streamPolicy.replace("GetRecords", "SubscribeToShard");
        kinesis.putResourcePolicy(b -> b.resourceARN(streamArn).policy(streamPolicy));
        kinesis.putResourcePolicy(b -> b.resourceARN(consumerArn).policy(consumerPolicy));
        restart();
        assertEquals(streamPolicy, kinesis.getResourcePolicy(b -> b.resourceARN(streamArn)).policy());
        assertEquals(consumerPolicy, kinesis.getResourcePolicy(b -> b.resourceARN(consumerArn)).policy());
        try (KinesisClient json = KinesisClients.syncJson(server.endpoint())) {
            assertEquals(streamPolicy, json.getResourcePolicy(b -> b.resourceARN(streamArn)).policy());
        }

        kinesis.deleteResourcePolicy(b -> b.resourceARN(streamArn));
        assertEquals("{}", kinesis.getResourcePolicy(b -> b.resourceARN(streamArn)).policy());
        assertEquals(consumerPolicy, kinesis.getResourcePolicy(b -> b.resourceARN(consumerArn)).policy());

        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.putResourcePolicy(b -> b.resourceARN(streamArn).policy("not json")));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.getResourcePolicy(b -> b.resourceARN(streamArn + "-missing")));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.getResourcePolicy(b -> b.resourceARN(streamArn + "/consumer/nobody:1")));
    }

    @Test
    void maxRecordSizeBoundsTheRecordsAStreamTakes() {
        String name = uniqueName("big");
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        String streamArn = arn(name);
        assertEquals(1024, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().maxRecordSizeInKiB());
        byte[] twoMiB = new byte[2 * 1024 * 1024];
        Arrays.fill(twoMiB, (byte) 'x');
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(twoMiB))));

        kinesis.updateMaxRecordSize(b -> b.streamARN(streamArn).maxRecordSizeInKiB(4096));
        restart();
        assertEquals(4096, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().maxRecordSizeInKiB());
        String sequence = kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(twoMiB)))
                .sequenceNumber();
        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType("AT_SEQUENCE_NUMBER").startingSequenceNumber(sequence)).shardIterator();
        assertEquals(twoMiB.length, kinesis.getRecords(b -> b.shardIterator(iterator)).records().getFirst().data().asByteArray().length);

        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.updateMaxRecordSize(b -> b.streamARN(streamArn).maxRecordSizeInKiB(1023)));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.updateMaxRecordSize(b -> b.streamARN(streamArn).maxRecordSizeInKiB(10241)));
    }

    @Test
    void anAutoStreamSpreadsRecordsEvenlyAndTakesThemWithoutPartitionKeys() {
        String name = uniqueName("auto");
        kinesis.createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)).maxRecordSizeInKiB(2048));
        String streamArn = arn(name);
        StreamDescriptionSummary created = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertEquals(2048, created.maxRecordSizeInKiB());
        assertEquals(RecordDistributionStrategy.USER_PARTITION_KEY, created.recordDistributionStrategy());

        kinesis.updateStreamRecordDistributionStrategy(b -> b.streamARN(streamArn).recordDistributionStrategy(RecordDistributionStrategy.AUTO));
        restart();
        assertEquals(RecordDistributionStrategy.AUTO,
                kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().recordDistributionStrategy());
        Map<String, Integer> perShard = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            perShard.merge(kinesis.putRecord(b -> b.streamName(name).partitionKey("same").data(SdkBytes.fromUtf8String("x"))).shardId(),
                    1, Integer::sum);
        }
        assertEquals(Map.of("shardId-000000000000", 2, "shardId-000000000001", 2, "shardId-000000000002", 2,
                "shardId-000000000003", 2), perShard, "one partition key, spread over the 4 shards");
        var keyless = kinesis.putRecords(b -> b.streamName(name).records(
                PutRecordsRequestEntry.builder().data(SdkBytes.fromUtf8String("no key")).build()));
        assertEquals(0, keyless.failedRecordCount());
        String shardId = keyless.records().getFirst().shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId(shardId).shardIteratorType("AT_SEQUENCE_NUMBER")
                .startingSequenceNumber(keyless.records().getFirst().sequenceNumber())).shardIterator();
        assertNull(kinesis.getRecords(b -> b.shardIterator(iterator)).records().getFirst().partitionKey());

        kinesis.updateStreamRecordDistributionStrategy(b -> b.streamARN(streamArn)
                .recordDistributionStrategy(RecordDistributionStrategy.USER_PARTITION_KEY));
        expectError(ValidationException.class, "ValidationException", 400, () -> kinesis.putRecords(b -> b.streamName(name).records(
                PutRecordsRequestEntry.builder().data(SdkBytes.fromUtf8String("no key")).build())));

        String provisioned = uniqueName("fixed");
        kinesis.createStream(b -> b.streamName(provisioned).shardCount(1));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400, () -> kinesis.updateStreamRecordDistributionStrategy(
                b -> b.streamARN(arn(provisioned)).recordDistributionStrategy(RecordDistributionStrategy.AUTO)));
    }

    @Test
    void dryRunChecksACallAndAnswersDryRunOperationExceptionWithoutRunningIt() {
        String name = uniqueName("dry");
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        expectError(DryRunOperationException.class, "DryRunOperationException", 400,
                () -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("x")).dryRun(true)));
        expectError(DryRunOperationException.class, "DryRunOperationException", 400, () -> kinesis.putRecords(b -> b.streamName(name)
                .records(PutRecordsRequestEntry.builder().partitionKey("k").data(SdkBytes.fromUtf8String("x")).build()).dryRun(true)));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.putRecord(b -> b.streamName(name).data(SdkBytes.fromUtf8String("x")).dryRun(true)));
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.putRecord(b -> b.streamName(name + "-none").partitionKey("k").data(SdkBytes.fromUtf8String("x")).dryRun(true)));
        expectError(DryRunOperationException.class, "DryRunOperationException", 400, () -> kinesis.getShardIterator(
                b -> b.streamName(name).shardId("shardId-000000000000").shardIteratorType("TRIM_HORIZON").dryRun(true)));
        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType("TRIM_HORIZON")).shardIterator();
        expectError(DryRunOperationException.class, "DryRunOperationException", 400,
                () -> kinesis.getRecords(b -> b.shardIterator(iterator).dryRun(true)));
        assertEquals(0, kinesis.getRecords(b -> b.shardIterator(iterator)).records().size(), "nothing was written by the dry runs");
    }

    @Test
    void theBillingCommitmentLastsADayAndWarmThroughputNeedsItAndOnDemand() {
        MinimumThroughputBillingCommitmentOutput none = kinesis.describeAccountSettings(b -> { }).minimumThroughputBillingCommitment();
        assertEquals(MinimumThroughputBillingCommitmentOutputStatus.DISABLED, none.status());
        assertNull(none.startedAt());

        String onDemand = uniqueName("warm");
        kinesis.createStream(b -> b.streamName(onDemand).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        String provisioned = uniqueName("cold");
        kinesis.createStream(b -> b.streamName(provisioned).shardCount(1));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.updateStreamWarmThroughput(b -> b.streamName(onDemand).warmThroughputMiBps(100)));
        assertNull(kinesis.describeStreamSummary(b -> b.streamName(onDemand)).streamDescriptionSummary().warmThroughput());

        MinimumThroughputBillingCommitmentOutput enabled = kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED))).minimumThroughputBillingCommitment();
        assertEquals(MinimumThroughputBillingCommitmentOutputStatus.ENABLED, enabled.status());
        assertNotNull(enabled.startedAt());
        assertEquals(Duration.ofHours(24), Duration.between(enabled.startedAt(), enabled.earliestAllowedEndAt()));

        var warm = kinesis.updateStreamWarmThroughput(b -> b.streamName(onDemand).warmThroughputMiBps(100));
        assertEquals(onDemand, warm.streamName());
        assertEquals(100, warm.warmThroughput().targetMiBps());
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.updateStreamWarmThroughput(b -> b.streamName(provisioned).warmThroughputMiBps(100)));

        // disabling within the first day only schedules the end
        MinimumThroughputBillingCommitmentOutput ending = kinesis.updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.DISABLED))).minimumThroughputBillingCommitment();
        assertEquals(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END, ending.status());
        restart();
        assertEquals(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END,
                kinesis.describeAccountSettings(b -> { }).minimumThroughputBillingCommitment().status());
        StreamDescriptionSummary summary = kinesis.describeStreamSummary(b -> b.streamName(onDemand)).streamDescriptionSummary();
        assertEquals(100, summary.warmThroughput().targetMiBps());
        assertEquals(100, summary.warmThroughput().currentMiBps());
    }
}
