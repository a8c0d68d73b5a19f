package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.kinesis.KinesisClients.expectError;
import static sluice.it.kinesis.KinesisClients.uniqueName;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * SplitShard, MergeShards and UpdateShardCount through the SDK: closed parents stay readable to
 * their end and then name their children, new records go to the open shards only, ListShards'
 * ShardFilter, AWS's errors, and the shard set surviving a restart. The server runs on a manual
 * clock so retention and the 24-hour scaling limit can be driven.
 */
class KinesisReshardingTest {
    static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);
    static final String MAX_HASH = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString();

    private static ManualClock clock;
    private static SluiceTestServer server;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() {
        clock = new ManualClock(System.currentTimeMillis());
        server = SluiceTestServer.start(c -> c, clock);
        kinesis = KinesisClients.sync(server.endpoint(), clock::millis);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    static String create(KinesisClient k, int shards) {
        String name = uniqueName("reshard");
        k.createStream(b -> b.streamName(name).shardCount(shards));
        return name;
    }

    static PutRecordResponse put(KinesisClient k, String name, String data, BigInteger hashKey) {
        return k.putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey(hashKey.toString())
                .data(SdkBytes.fromUtf8String(data)));
    }

    static GetRecordsResponse readFromTrimHorizon(KinesisClient k, String name, String shardId) {
        String it = k.getShardIterator(b -> b.streamName(name).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return k.getRecords(b -> b.shardIterator(it));
    }

    static Map<String, Shard> shards(KinesisClient k, String name) {
        return k.listShards(b -> b.streamName(name)).shards().stream()
                .collect(Collectors.toMap(Shard::shardId, Function.identity()));
    }

    static String shardId(int index) {
        return String.format("shardId-%012d", index);
    }

    @Test
    void splitClosesTheParentWhichStaysReadableToItsEndAndThenNamesItsChildren() {
        String name = create(kinesis, 1);
        PutRecordResponse before = put(kinesis, name, "before", BigInteger.TEN);
        clock.advance(Duration.ofSeconds(1));
        kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(0)).newStartingHashKey(HALF.toString()));

        Map<String, Shard> shards = shards(kinesis, name);
        assertEquals(3, shards.size());
        Shard parent = shards.get(shardId(0));
        assertNotNull(parent.sequenceNumberRange().endingSequenceNumber(), "a closed shard has an ending sequence number");
        assertTrue(new BigInteger(parent.sequenceNumberRange().endingSequenceNumber()).compareTo(new BigInteger(before.sequenceNumber())) > 0);
        Shard low = shards.get(shardId(1));
        Shard high = shards.get(shardId(2));
        assertEquals(shardId(0), low.parentShardId());
        assertEquals(shardId(0), high.parentShardId());
        assertNull(low.adjacentParentShardId());
        assertNull(low.sequenceNumberRange().endingSequenceNumber());
        assertEquals("0", low.hashKeyRange().startingHashKey());
        assertEquals(HALF.subtract(BigInteger.ONE).toString(), low.hashKeyRange().endingHashKey());
        assertEquals(HALF.toString(), high.hashKeyRange().startingHashKey());
        assertEquals(MAX_HASH, high.hashKeyRange().endingHashKey());

        PutRecordResponse toLow = put(kinesis, name, "low", BigInteger.TEN);
        PutRecordResponse toHigh = put(kinesis, name, "high", HALF.add(BigInteger.TEN));
        assertEquals(shardId(1), toLow.shardId());
        assertEquals(shardId(2), toHigh.shardId());
        assertTrue(new BigInteger(toLow.sequenceNumber()).compareTo(new BigInteger(before.sequenceNumber())) > 0,
                "children's sequence numbers follow their parent's");

        GetRecordsResponse parentRead = readFromTrimHorizon(kinesis, name, shardId(0));
        assertEquals(List.of("before"), parentRead.records().stream().map(r -> r.data().asUtf8String()).toList());
        assertNull(parentRead.nextShardIterator(), "a closed shard read to its end has no next iterator");
        List<ChildShard> children = parentRead.childShards();
        assertEquals(List.of(shardId(1), shardId(2)), children.stream().map(ChildShard::shardId).toList());
        assertEquals(List.of(shardId(0)), children.get(0).parentShards());
        assertEquals(HALF.toString(), children.get(1).hashKeyRange().startingHashKey());

        GetRecordsResponse childRead = readFromTrimHorizon(kinesis, name, shardId(1));
        assertEquals(List.of("low"), childRead.records().stream().map(r -> r.data().asUtf8String()).toList());
        assertNotNull(childRead.nextShardIterator());
        assertTrue(childRead.childShards().isEmpty());
        assertEquals(2, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().openShardCount());
        assertEquals(3, kinesis.describeStream(b -> b.streamName(name)).streamDescription().shards().size());
    }

    @Test
    void theJsonProtocolCarriesReshardingAndChildShardsToo() {
        // its own server on the system clock: the class's manual clock runs hours ahead of JSON's signatures
        try (SluiceTestServer own = SluiceTestServer.start(); KinesisClient json = KinesisClients.syncJson(own.endpoint())) {
            String name = create(json, 2);
            put(json, name, "left", BigInteger.ONE);
            json.mergeShards(b -> b.streamName(name).shardToMerge(shardId(0)).adjacentShardToMerge(shardId(1)));
            UpdateShardCountResponse up = json.updateShardCount(b -> b.streamName(name).targetShardCount(2)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            assertEquals(1, up.currentShardCount());
            GetRecordsResponse left = readFromTrimHorizon(json, name, shardId(0));
            assertEquals("left", left.records().getFirst().data().asUtf8String());
            assertEquals(List.of(shardId(0), shardId(1)), left.childShards().getFirst().parentShards());
            assertEquals(List.of(shardId(3), shardId(4)), json.listShards(b -> b.streamName(name)
                    .shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards().stream().map(Shard::shardId).toList());
        }
    }

    @Test
    void mergeClosesTwoAdjacentShardsIntoOneChildWithBothParents() {
        String name = create(kinesis, 2);
        put(kinesis, name, "right", HALF);
        kinesis.mergeShards(b -> b.streamName(name).shardToMerge(shardId(0)).adjacentShardToMerge(shardId(1)));
        Shard child = shards(kinesis, name).get(shardId(2));
        assertEquals(shardId(0), child.parentShardId());
        assertEquals(shardId(1), child.adjacentParentShardId());
        assertEquals("0", child.hashKeyRange().startingHashKey());
        assertEquals(MAX_HASH, child.hashKeyRange().endingHashKey());
        assertEquals(shardId(2), put(kinesis, name, "merged", HALF).shardId());

        GetRecordsResponse right = readFromTrimHorizon(kinesis, name, shardId(1));
        assertEquals(1, right.records().size());
        assertNull(right.nextShardIterator());
        assertEquals(List.of(shardId(0), shardId(1)), right.childShards().getFirst().parentShards());
        String latest = kinesis.getShardIterator(b -> b.streamName(name).shardId(shardId(0))
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        GetRecordsResponse left = kinesis.getRecords(b -> b.shardIterator(latest));
        assertTrue(left.records().isEmpty());
        assertNull(left.nextShardIterator());
        assertEquals(List.of(shardId(2)), left.childShards().stream().map(ChildShard::shardId).toList());
    }

    @Test
    void splitAndMergeAreValidatedAsAwsDoes() {
        String name = create(kinesis, 3);
        Shard middle = shards(kinesis, name).get(shardId(1));
        String start = middle.hashKeyRange().startingHashKey();
        InvalidArgumentException badKey = expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(1)).newStartingHashKey(start)));
        assertEquals("NewStartingHashKey " + start + " used in SplitShard() on shard " + shardId(1) + " in stream " + name
                + " under account 000000000000 is not both greater than one plus the shard's StartingHashKey " + start
                + " and less than the shard's EndingHashKey " + middle.hashKeyRange().endingHashKey() + ".",
                badKey.awsErrorDetails().errorMessage());
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(1)).newStartingHashKey("12x")));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.splitShard(b -> b.streamName(name).shardToSplit("?").newStartingHashKey("5")));
        ResourceNotFoundException unknown = expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(9)).newStartingHashKey("5")));
        assertEquals("Could not find shard " + shardId(9) + " in stream " + name + " under account 000000000000.",
                unknown.awsErrorDetails().errorMessage());
        InvalidArgumentException notAdjacent = expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.mergeShards(b -> b.streamName(name).shardToMerge(shardId(0)).adjacentShardToMerge(shardId(2))));
        assertEquals("Shards " + shardId(0) + " and " + shardId(2) + " in stream " + name
                + " under account 000000000000 are not an adjacent pair of shards eligible for merging",
                notAdjacent.awsErrorDetails().errorMessage());

        kinesis.mergeShards(b -> b.streamName(name).shardToMerge(shardId(1)).adjacentShardToMerge(shardId(0)));
        InvalidArgumentException closed = expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(0)).newStartingHashKey("5")));
        assertEquals("Shard " + shardId(0) + " in stream " + name + " under account 000000000000 has already been merged or split,"
                + " and thus is not eligible for merging or splitting.", closed.awsErrorDetails().errorMessage());
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.mergeShards(b -> b.streamName(name).shardToMerge(shardId(3)).adjacentShardToMerge(shardId(1))));
        Shard merged = shards(kinesis, name).get(shardId(3));
        assertEquals(shardId(1), merged.parentShardId());
        assertEquals(shardId(0), merged.adjacentParentShardId());
        assertEquals("0", merged.hashKeyRange().startingHashKey());
    }

    @Test
    void updateShardCountReshapesTheOpenShardsEvenlyWithinAwsLimits() {
        String name = create(kinesis, 2);
        UpdateShardCountResponse up = kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(4)
                .scalingType(ScalingType.UNIFORM_SCALING));
        assertEquals(2, up.currentShardCount());
        assertEquals(4, up.targetShardCount());
        assertEquals(name, up.streamName());
        List<Shard> open = kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards();
        assertEquals(4, open.size());
        BigInteger quarter = BigInteger.ONE.shiftLeft(126);
        for (int i = 0; i < 4; i++) {
            assertEquals(quarter.multiply(BigInteger.valueOf(i)).toString(), open.get(i).hashKeyRange().startingHashKey());
        }
        assertEquals(6, shards(kinesis, name).size(), "doubling splits every shard once");

        LimitExceededException over = expectError(LimitExceededException.class, "LimitExceededException", 400,
                () -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(9).scalingType(ScalingType.UNIFORM_SCALING)));
        assertEquals("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 4,"
                + " Target shard count: 9", over.awsErrorDetails().errorMessage());
        expectError(LimitExceededException.class, "LimitExceededException", 400,
                () -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(1).scalingType(ScalingType.UNIFORM_SCALING)));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(3).scalingType("LOPSIDED")));

        kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(3).scalingType(ScalingType.UNIFORM_SCALING));
        List<Shard> three = kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST))).shards();
        assertEquals(3, three.size());
        BigInteger third = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(3));
        assertEquals(List.of("0", third.toString(), third.multiply(BigInteger.TWO).toString()),
                three.stream().map(s -> s.hashKeyRange().startingHashKey()).sorted((a, b) -> new BigInteger(a).compareTo(new BigInteger(b))).toList());
        assertEquals(3, kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().openShardCount());
    }

    @Test
    void updateShardCountIsLimitedToTenScalingsPerRollingDay() {
        String name = create(kinesis, 1);
        for (int i = 0; i < 10; i++) {
            int target = i % 2 == 0 ? 2 : 1;
            kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(target).scalingType(ScalingType.UNIFORM_SCALING));
        }
        expectError(LimitExceededException.class, "LimitExceededException", 400,
                () -> kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING)));
        clock.advance(Duration.ofHours(24));
        kinesis.updateShardCount(b -> b.streamName(name).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING));
    }

    @Test
    void onDemandStreamsRefuseManualReshardingAndTheAccountShardLimitRefusesUpdateShardCount() {
        String onDemand = uniqueName("ondemand");
        kinesis.createStream(b -> b.streamName(onDemand).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.updateShardCount(b -> b.streamName(onDemand).targetShardCount(5).scalingType(ScalingType.UNIFORM_SCALING)));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.splitShard(b -> b.streamName(onDemand).shardToSplit(shardId(0)).newStartingHashKey("5")));
        expectError(ValidationException.class, "ValidationException", 400,
                () -> kinesis.mergeShards(b -> b.streamName(onDemand).shardToMerge(shardId(0)).adjacentShardToMerge(shardId(1))));
        kinesis.deleteStream(b -> b.streamName(onDemand));

        int open = kinesis.describeLimits().openShardCount();
        int size = 500 - open; // doubling it would take the account past its 500 open shards
        String big = create(kinesis, size);
        try {
            LimitExceededException e = expectError(LimitExceededException.class, "LimitExceededException", 400,
                    () -> kinesis.updateShardCount(b -> b.streamName(big).targetShardCount(size * 2).scalingType(ScalingType.UNIFORM_SCALING)));
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("Target shard count or number of open shards cannot be greater than 500."),
                    e.awsErrorDetails().errorMessage());
        } finally {
            kinesis.deleteStream(b -> b.streamName(big));
        }
    }

    @Test
    void listShardsFiltersByShardFilterType() {
        String name = create(kinesis, 1);
        Instant created = Instant.ofEpochMilli(clock.millis());
        clock.advance(Duration.ofMinutes(10));
        kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(0)).newStartingHashKey(HALF.toString()));
        Instant split = Instant.ofEpochMilli(clock.millis());
        clock.advance(Duration.ofMinutes(10));

        Function<software.amazon.awssdk.services.kinesis.model.ShardFilter.Builder, ?> latest = f -> f.type(ShardFilterType.AT_LATEST);
        assertEquals(List.of(shardId(1), shardId(2)), ids(name, latest));
        assertEquals(List.of(shardId(1), shardId(2)), ids(name, f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId(shardId(0))));
        assertEquals(List.of(shardId(0), shardId(1), shardId(2)), ids(name, f -> f.type(ShardFilterType.FROM_TRIM_HORIZON)));
        assertEquals(List.of(shardId(0)), ids(name, f -> f.type(ShardFilterType.AT_TRIM_HORIZON)));
        assertEquals(List.of(shardId(0)), ids(name, f -> f.type(ShardFilterType.AT_TIMESTAMP).timestamp(created.plusSeconds(1))));
        assertEquals(List.of(shardId(1), shardId(2)), ids(name, f -> f.type(ShardFilterType.FROM_TIMESTAMP).timestamp(split.plusSeconds(1))));
        assertEquals(List.of(shardId(0), shardId(1), shardId(2)), ids(name, f -> f.type(ShardFilterType.FROM_TIMESTAMP).timestamp(split)));
        expectError(InvalidArgumentException.class, "InvalidArgumentException", 400,
                () -> kinesis.listShards(b -> b.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_TIMESTAMP))));
    }

    @Test
    void aNextTokenAloneContinuesTheFilteredListing() {
        String name = create(kinesis, 2);
        kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(1)).newStartingHashKey(HALF.add(BigInteger.TEN).toString()));
        // open: 0, 2, 3; the closed parent 1 sits between them. The KCL sends only the token on later pages.
        var first = kinesis.listShards(b -> b.streamName(name).maxResults(1).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)));
        var rest = kinesis.listShards(b -> b.nextToken(first.nextToken()));
        assertEquals(List.of(shardId(0), shardId(2), shardId(3)),
                java.util.stream.Stream.concat(first.shards().stream(), rest.shards().stream()).map(Shard::shardId).toList());
    }

    private static List<String> ids(String name, Function<software.amazon.awssdk.services.kinesis.model.ShardFilter.Builder, ?> filter) {
        return kinesis.listShards(b -> b.streamName(name).shardFilter(f -> filter.apply(f))).shards().stream()
                .map(Shard::shardId).toList();
    }

    @Test
    void closedParentsAreDroppedOnceRetentionPassesTheirEnd() {
        String name = create(kinesis, 1);
        put(kinesis, name, "old", BigInteger.ONE);
        kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(0)).newStartingHashKey(HALF.toString()));
        clock.advance(Duration.ofHours(23));
        assertEquals(3, shards(kinesis, name).size());
        clock.advance(Duration.ofHours(2));
        kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
        kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(24));
        assertEquals(List.of(shardId(1), shardId(2)), kinesis.describeStream(b -> b.streamName(name)).streamDescription().shards()
                .stream().map(Shard::shardId).toList());
        expectError(ResourceNotFoundException.class, "ResourceNotFoundException", 400,
                () -> kinesis.getShardIterator(b -> b.streamName(name).shardId(shardId(0)).shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
        kinesis.splitShard(b -> b.streamName(name).shardToSplit(shardId(1)).newStartingHashKey(BigInteger.TEN.toString()));
        assertEquals(List.of(shardId(1), shardId(2), shardId(3), shardId(4)), shards(kinesis, name).keySet().stream().sorted().toList());
    }

    @Test
    void theShardSetSurvivesARestart() {
        SluiceTestServer own = SluiceTestServer.start();
        String name = uniqueName("reshard-restart");
        String parentEnd;
        try (KinesisClient k = KinesisClients.sync(own.endpoint())) {
            k.createStream(b -> b.streamName(name).shardCount(2));
            put(k, name, "left", BigInteger.ONE);
            k.mergeShards(b -> b.streamName(name).shardToMerge(shardId(0)).adjacentShardToMerge(shardId(1)));
            k.splitShard(b -> b.streamName(name).shardToSplit(shardId(2)).newStartingHashKey(HALF.toString()));
            parentEnd = shards(k, name).get(shardId(0)).sequenceNumberRange().endingSequenceNumber();
        }
        own = own.restart();
        try (KinesisClient k = KinesisClients.sync(own.endpoint())) {
            Map<String, Shard> shards = shards(k, name);
            assertEquals(5, shards.size());
            assertEquals(parentEnd, shards.get(shardId(0)).sequenceNumberRange().endingSequenceNumber());
            assertEquals(shardId(1), shards.get(shardId(2)).adjacentParentShardId());
            assertEquals(shardId(2), shards.get(shardId(4)).parentShardId());
            assertEquals(shardId(4), put(k, name, "after", HALF).shardId());
            GetRecordsResponse left = readFromTrimHorizon(k, name, shardId(0));
            assertEquals(List.of("left"), left.records().stream().map(r -> r.data().asUtf8String()).toList());
            assertEquals(List.of(shardId(2)), left.childShards().stream().map(ChildShard::shardId).toList());
            k.splitShard(b -> b.streamName(name).shardToSplit(shardId(3)).newStartingHashKey(BigInteger.TEN.toString()));
            assertTrue(shards(k, name).containsKey(shardId(6)), "new shard indices continue after the highest");
        } finally {
            own.close();
        }
    }
}
