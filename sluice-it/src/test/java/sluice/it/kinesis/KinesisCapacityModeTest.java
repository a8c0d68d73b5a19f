package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.common.ManualClock;
import sluice.testkit.SluiceTestServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Capacity modes: ON_DEMAND streams start with four shards and split a shard that runs near its
 * write limit for consecutive seconds (driven by the server's manual clock); UpdateStreamMode
 * switches modes within AWS's limits.
 */
class KinesisCapacityModeTest {
    private static ManualClock clock;
    private static SluiceTestServer server;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() {
        clock = new ManualClock(System.currentTimeMillis() / 1000 * 1000);
        server = SluiceTestServer.start(c -> c, clock);
        kinesis = KinesisClients.sync(server.endpoint(), clock::millis);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    private static String arn(String name) {
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    private static StreamDescriptionSummary summary(String name) {
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
    }

    /** 850 one-byte records to the shard owning hash key 1: 85% of a shard's records per second. */
    private static void hotSecond(String name) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 425; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("k").explicitHashKey("1").data(SdkBytes.fromUtf8String("x")).build());
        }
        assertEquals(0, kinesis.putRecords(b -> b.streamName(name).records(entries)).failedRecordCount());
        assertEquals(0, kinesis.putRecords(b -> b.streamName(name).records(entries)).failedRecordCount());
    }

    private static String putToHashKeyOne(String name) {
        return kinesis.putRecord(b -> b.streamName(name).partitionKey("k").explicitHashKey("1").data(SdkBytes.fromUtf8String("y")))
                .shardId();
    }

    @Test
    void onDemandStreamsStartWithFourShardsAndSplitAShardThatStaysHot() {
        String name = uniqueName("ondemand");
        kinesis.createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        assertEquals(StreamMode.ON_DEMAND, summary(name).streamModeDetails().streamMode());
        assertEquals(4, summary(name).openShardCount());

        hotSecond(name);
        clock.advance(Duration.ofSeconds(1));
        hotSecond(name);
        clock.advance(Duration.ofSeconds(1));
        assertEquals("shardId-000000000000", putToHashKeyOne(name), "the write that reveals the hot streak still goes to the hot shard");
        assertEquals(5, summary(name).openShardCount());
        Map<String, Shard> shards = kinesis.listShards(b -> b.streamName(name)).shards().stream()
                .collect(Collectors.toMap(Shard::shardId, Function.identity()));
        assertEquals("shardId-000000000000", shards.get("shardId-000000000004").parentShardId());
        assertEquals("shardId-000000000000", shards.get("shardId-000000000005").parentShardId());
        assertEquals("shardId-000000000004", putToHashKeyOne(name));
    }

    @Test
    void provisionedStreamsAndOneHotSecondDoNotScale() {
        String provisioned = uniqueName("provisioned");
        kinesis.createStream(b -> b.streamName(provisioned).shardCount(1));
        hotSecond(provisioned);
        clock.advance(Duration.ofSeconds(1));
        hotSecond(provisioned);
        clock.advance(Duration.ofSeconds(1));
        putToHashKeyOne(provisioned);
        assertEquals(1, summary(provisioned).openShardCount());

        String onDemand = uniqueName("ondemand");
        kinesis.createStream(b -> b.streamName(onDemand).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        hotSecond(onDemand);
        clock.advance(Duration.ofSeconds(2));
        hotSecond(onDemand);
        clock.advance(Duration.ofSeconds(1));
        putToHashKeyOne(onDemand);
        assertEquals(4, summary(onDemand).openShardCount(), "hot seconds with a quiet one between are not sustained");
    }

    @Test
    void updateStreamModeSwitchesAtMostTwicePerRollingDay() {
        String name = uniqueName("modes");
        kinesis.createStream(b -> b.streamName(name).shardCount(2));
        String arn = arn(name);
        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        assertEquals(StreamMode.ON_DEMAND, summary(name).streamModeDetails().streamMode());
        assertEquals(2, summary(name).openShardCount(), "switching modes keeps the shards");
        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED)));
        assertEquals(StreamMode.PROVISIONED, summary(name).streamModeDetails().streamMode());
        expectError(LimitExceededException.class, "LimitExceededException", 400,
                () -> kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode("SOMETIMES"))));
        clock.advance(Duration.ofHours(24));
        kinesis.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        assertEquals(StreamMode.ON_DEMAND, summary(name).streamModeDetails().streamMode());
    }
}
