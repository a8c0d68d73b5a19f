package sluice.core.kinesis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import sluice.api.kinesis.KinesisApi;
import sluice.api.kinesis.KinesisContext;
import sluice.api.kinesis.KinesisError;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisRequest;
import sluice.api.kinesis.KinesisResult;
import sluice.api.kinesis.KinesisSubscriptions;
import sluice.api.kinesis.ShardEventSink;
import sluice.api.kinesis.ShardSubscription;
import sluice.api.kinesis.StreamRef;
import sluice.api.kinesis.SubscribeToShardRequest;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.core.Lanes;
import sluice.core.storage.StorageEngine;

/**
 * Kinesis Data Streams: streams and their shards, records and iterators.
 *
 * <p>Design: the registry (stream key → stream) is a concurrent map changed only under the
 * service's monitor (create, delete); everything else about a stream runs on the lane that owns
 * its id, so stream state and shard stores need no locks. Streams report CREATING until the
 * injected clock passes {@code createdAt + activationDelay}, then ACTIVE; data calls on a CREATING
 * stream fail with ResourceInUseException. Resharding ({@link Resharding}), UpdateStreamMode and
 * Start/StopStreamEncryption take effect at once and leave the stream UPDATING for the same delay
 * (reads and writes go on; another such change is refused). Retention is enforced before every
 * read and by a sweep on the shared timer, which also drops closed shards past retention.
 *
 * <p>Extension point: SubscribeToShard will read the same shard stores from the owning lane and
 * park its subscriber there, woken by appends; nothing here assumes a pull-only consumer.
 */
public final class KinesisService implements KinesisApi, KinesisSubscriptions {
    static final int MIN_RETENTION_HOURS = 24;
    static final int MAX_RETENTION_HOURS = 8760;
    static final int SHARD_LIMIT = 500;
    static final int ON_DEMAND_STREAM_LIMIT = 50;
    static final int DEFAULT_ON_DEMAND_SHARDS = 4;
    static final int MAX_MODE_SWITCHES_PER_DAY = 2;
    static final Set<String> METRICS = Set.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
            "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds");

    private final StorageEngine engine;
    private final Lanes lanes;
    private final Clock clock;
    private final long activationDelayMillis;
    private final AccountSettings accountSettings;
    private final KinesisRecords records;
    private final ShardSubscriptions subscriptions;
    private final StreamConsumers consumers;
    private final Resharding resharding;
    private final RecordCipher cipher;
    private final Map<String, KinesisStream> streams = new ConcurrentHashMap<>();
    private final Map<Long, KinesisStream> byId = new ConcurrentHashMap<>();
    private long lastId;

    public KinesisService(StorageEngine engine, Lanes lanes, Clock clock, byte[] secret, Duration activationDelay) {
        this(engine, lanes, clock, secret, activationDelay, false);
    }

    /**
     * @param strictShardLimits whether AWS's per-shard throughput limits are enforced (1 MiB or 1,000
     *                          records per second in, 2 MiB and 5 GetRecords calls per second out), as
     *                          the server setting {@code kinesis.limits: strict} asks; relaxed enforces none
     */
    public KinesisService(StorageEngine engine, Lanes lanes, Clock clock, byte[] secret, Duration activationDelay,
                          boolean strictShardLimits) {
        this.engine = engine;
        this.lanes = lanes;
        this.clock = clock;
        this.activationDelayMillis = activationDelay.toMillis();
        this.subscriptions = new ShardSubscriptions(engine, lanes, clock, activationDelayMillis);
        this.records = new KinesisRecords(engine, clock, new ShardIterators(secret), subscriptions, strictShardLimits);
        this.consumers = new StreamConsumers(clock, activationDelayMillis);
        this.accountSettings = new AccountSettings(engine, clock);
        this.cipher = new RecordCipher(secret);
        this.resharding = new Resharding(engine, clock, activationDelayMillis, SHARD_LIMIT, s -> openShards(s.account, s.region));
        for (byte[] record : engine.records(KinesisStream.NAMESPACE).values()) {
            KinesisStream s = KinesisStream.fromRecord(record);
            s.cipher = cipher;
            streams.put(s.key(), s);
            byId.put(s.id, s);
            lastId = Math.max(lastId, s.id);
        }
        deleteOrphanShards();
        lanes.timer().scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Deletes the stored shards no stream names: a stream's metadata record and its shards are
     * deleted by separate writes, so a crash between them leaves shards behind, whose records a new
     * stream with the same id would otherwise find.
     */
    private void deleteOrphanShards() {
        Set<String> known = new HashSet<>();
        for (KinesisStream s : byId.values()) {
            for (ShardDescriptor shard : s.shards.all()) {
                known.add(KinesisStream.shardKey(s.id, shard.index()));
            }
        }
        for (String shardKey : engine.shardKeys()) {
            if (!known.contains(shardKey)) {
                System.getLogger(KinesisService.class.getName()).log(System.Logger.Level.INFO, "deleting the records of shard {0}, which belongs to no stream", shardKey);
                engine.openShard(shardKey).delete();
            }
        }
    }

    private void sweep() {
        for (KinesisStream s : byId.values()) {
            lanes.laneFor(s.id).execute(() -> {
                if (byId.get(s.id) == s && records.trimAll(s)) {
                    save(s, new KinesisResult.Empty());
                }
            });
        }
    }

    /** SubscribeToShard: the stream is the one the ConsumerARN names; see {@link ShardSubscriptions}. */
    @Override
    public ShardSubscription subscribeToShard(KinesisContext context, SubscribeToShardRequest request, ShardEventSink sink) {
        try {
            KinesisStream s = find(context, ShardSubscriptions.streamOf(request));
            return subscriptions.subscribe(s, request, sink, () -> byId.get(s.id) == s);
        } catch (KinesisException e) {
            sink.rejected(e);
            return ShardSubscription.NONE;
        }
    }

    @Override
    public CompletableFuture<KinesisResult> execute(KinesisContext context, KinesisRequest request) {
        try {
            return switch (request) {
                case KinesisRequest.CreateStream r -> createStream(context, r);
                case KinesisRequest.DeleteStream r -> deleteStream(context, r);
                case KinesisRequest.ListStreams r -> CompletableFuture.completedFuture(listStreams(context, r));
                case KinesisRequest.DescribeLimits r -> CompletableFuture.completedFuture(describeLimits(context));
                case KinesisRequest.DescribeAccountSettings r -> CompletableFuture.completedFuture(
                        accountSettings.describe(context.scope().account(), context.scope().region()));
                case KinesisRequest.UpdateAccountSettings r -> accountSettings.update(context.scope().account(),
                        context.scope().region(), r.commitmentStatus());
                case KinesisRequest.GetRecords r -> getRecords(context, r);
                default -> onStream(context, request);
            };
        } catch (KinesisException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static StreamRef streamOf(KinesisRequest request) {
        return switch (request) {
            case KinesisRequest.DescribeStream r -> r.stream();
            case KinesisRequest.DescribeStreamSummary r -> r.stream();
            case KinesisRequest.ListShards r -> r.stream();
            case KinesisRequest.PutRecord r -> r.stream();
            case KinesisRequest.PutRecords r -> r.stream();
            case KinesisRequest.GetShardIterator r -> r.stream();
            case KinesisRequest.IncreaseStreamRetentionPeriod r -> r.stream();
            case KinesisRequest.DecreaseStreamRetentionPeriod r -> r.stream();
            case KinesisRequest.AddTagsToStream r -> r.stream();
            case KinesisRequest.RemoveTagsFromStream r -> r.stream();
            case KinesisRequest.ListTagsForStream r -> r.stream();
            case KinesisRequest.EnableEnhancedMonitoring r -> r.stream();
            case KinesisRequest.DisableEnhancedMonitoring r -> r.stream();
            case KinesisRequest.StartStreamEncryption r -> r.stream();
            case KinesisRequest.StopStreamEncryption r -> r.stream();
            case KinesisRequest.TagResource r -> arnRef(r.resourceArn());
            case KinesisRequest.UntagResource r -> arnRef(r.resourceArn());
            case KinesisRequest.ListTagsForResource r -> arnRef(r.resourceArn());
            case KinesisRequest.UpdateStreamMode r -> r.stream();
            case KinesisRequest.SplitShard r -> r.stream();
            case KinesisRequest.MergeShards r -> r.stream();
            case KinesisRequest.UpdateShardCount r -> r.stream();
            case KinesisRequest.RegisterStreamConsumer r -> arnRef(r.streamArn());
            case KinesisRequest.DeregisterStreamConsumer r -> StreamConsumers.streamOf(r.streamArn(), r.consumerArn());
            case KinesisRequest.DescribeStreamConsumer r -> StreamConsumers.streamOf(r.streamArn(), r.consumerArn());
            case KinesisRequest.ListStreamConsumers r -> arnRef(r.streamArn());
            case KinesisRequest.PutResourcePolicy r -> resourceRef(r.resourceArn());
            case KinesisRequest.GetResourcePolicy r -> resourceRef(r.resourceArn());
            case KinesisRequest.DeleteResourcePolicy r -> resourceRef(r.resourceArn());
            case KinesisRequest.UpdateMaxRecordSize r -> r.stream();
            case KinesisRequest.UpdateStreamWarmThroughput r -> r.stream();
            case KinesisRequest.UpdateStreamRecordDistributionStrategy r -> r.stream();
            default -> throw new IllegalArgumentException("no stream in " + request.operation());
        };
    }

    /** The stream a ResourceARN names: the stream's own ARN, or one of its consumers'. */
    private static StreamRef resourceRef(String arn) {
        if (arn == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null");
        }
        return arn.contains("/consumer/") ? StreamConsumers.streamOf(null, arn) : new StreamRef(null, arn);
    }

    private static StreamRef arnRef(String arn) {
        if (arn == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'streamARN' failed to satisfy constraint: Member must not be null");
        }
        return new StreamRef(null, arn);
    }

    /** Runs a call naming one stream on the stream's lane. */
    private CompletableFuture<KinesisResult> onStream(KinesisContext context, KinesisRequest request) {
        if (request instanceof KinesisRequest.ListShards l && l.nextToken() != null) {
            if (l.stream() != null && (l.stream().name() != null || l.stream().arn() != null)) {
                throw KinesisException.invalidArgument("NextToken and StreamName cannot be provided together.");
            }
            String[] token = decodeToken(l.nextToken());
            KinesisStream s = find(context, new StreamRef(token[0], null));
            KinesisRequest.ListShards continued = l.shardFilter() != null || token.length < 5 ? l
                    : new KinesisRequest.ListShards(l.stream(), l.nextToken(), l.maxResults(), l.exclusiveStartShardId(),
                            new KinesisRequest.ShardFilter(token[2], token[3].isEmpty() ? null : token[3],
                                    token[4].isEmpty() ? null : Long.valueOf(token[4])));
            return onLane(s, () -> ShardListing.listShards(s, continued, Integer.parseInt(token[1]), clock.millis()));
        }
        KinesisStream s = find(context, streamOf(request));
        return onLaneAsync(s, () -> switch (request) {
            case KinesisRequest.DescribeStream r -> done(StreamAdmin.describe(s, r, clock.millis()));
            case KinesisRequest.DescribeStreamSummary r -> done(StreamAdmin.summary(s, clock.millis(),
                    accountSettings.commitmentActive(s.account, s.region)));
            case KinesisRequest.ListShards r -> done(ShardListing.listShards(s, r, -1, clock.millis()));
            case KinesisRequest.SplitShard r -> save(s, resharding.split(s, r));
            case KinesisRequest.MergeShards r -> save(s, resharding.merge(s, r));
            case KinesisRequest.UpdateShardCount r -> save(s, resharding.updateShardCount(s, r));
            case KinesisRequest.PutRecord r -> scaledOnDemand(s, records.putRecord(active(s), r));
            case KinesisRequest.PutRecords r -> scaledOnDemand(s, records.putRecords(active(s), r));
            case KinesisRequest.GetShardIterator r -> done(records.getShardIterator(active(s), r));
            case KinesisRequest.IncreaseStreamRetentionPeriod r -> retention(s, r.retentionPeriodHours(), true);
            case KinesisRequest.DecreaseStreamRetentionPeriod r -> retention(s, r.retentionPeriodHours(), false);
            case KinesisRequest.AddTagsToStream r -> save(s, StreamAdmin.addTags(s, r.tags()));
            case KinesisRequest.RemoveTagsFromStream r -> save(s, StreamAdmin.removeTags(s, r.tagKeys()));
            case KinesisRequest.ListTagsForStream r -> done(StreamAdmin.listTags(s, r));
            case KinesisRequest.EnableEnhancedMonitoring r -> monitoring(s, r.shardLevelMetrics(), true);
            case KinesisRequest.DisableEnhancedMonitoring r -> monitoring(s, r.shardLevelMetrics(), false);
            case KinesisRequest.StartStreamEncryption r -> save(s, encryption(s, r.encryptionType(), r.keyId(), true));
            case KinesisRequest.StopStreamEncryption r -> save(s, encryption(s, r.encryptionType(), r.keyId(), false));
            case KinesisRequest.TagResource r -> save(s, StreamAdmin.addTags(s, r.tags()));
            case KinesisRequest.UntagResource r -> save(s, StreamAdmin.removeTags(s, r.tagKeys()));
            case KinesisRequest.ListTagsForResource r -> done(new KinesisResult.Tags(new java.util.LinkedHashMap<>(s.tags), false));
            case KinesisRequest.UpdateStreamMode r -> save(s, updateMode(s, r.streamMode()));
            case KinesisRequest.RegisterStreamConsumer r -> save(s, consumers.register(s, r.consumerName()));
            case KinesisRequest.DeregisterStreamConsumer r -> save(s, consumers.deregister(s, r.consumerName(), r.consumerArn()));
            case KinesisRequest.DescribeStreamConsumer r -> done(consumers.describe(s, r.consumerName(), r.consumerArn()));
            case KinesisRequest.ListStreamConsumers r -> done(consumers.list(s, r.nextToken(), r.maxResults()));
            case KinesisRequest.PutResourcePolicy r -> save(s, ResourcePolicies.put(s, r.resourceArn(), r.policy()));
            case KinesisRequest.GetResourcePolicy r -> done(ResourcePolicies.get(s, r.resourceArn()));
            case KinesisRequest.DeleteResourcePolicy r -> save(s, ResourcePolicies.delete(s, r.resourceArn()));
            case KinesisRequest.UpdateMaxRecordSize r -> save(s, StreamAdmin.maxRecordSize(settled(s), r.maxRecordSizeInKiB()));
            case KinesisRequest.UpdateStreamWarmThroughput r -> save(s, StreamAdmin.warmThroughput(settled(s), r.warmThroughputMiBps(),
                    accountSettings.commitmentActive(s.account, s.region)));
            case KinesisRequest.UpdateStreamRecordDistributionStrategy r -> save(s,
                    StreamAdmin.recordDistribution(s, r.recordDistributionStrategy()));
            default -> throw new IllegalArgumentException("unexpected " + request.operation());
        });
    }

    private static CompletableFuture<KinesisResult> done(KinesisResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private CompletableFuture<KinesisResult> onLane(KinesisStream s, Supplier<KinesisResult> call) {
        return onLaneAsync(s, () -> done(call.get()));
    }

    private CompletableFuture<KinesisResult> onLaneAsync(KinesisStream s, Supplier<CompletableFuture<KinesisResult>> call) {
        return CompletableFuture.supplyAsync(() -> {
            if (byId.get(s.id) != s) {
                throw notFound(s.name, s.account);
            }
            return call.get();
        }, lanes.laneFor(s.id)).thenCompose(f -> f);
    }

    /** The stream, when it is ACTIVE (neither CREATING nor UPDATING); else ResourceInUse. */
    private KinesisStream settled(KinesisStream s) {
        s.requireActive(clock.millis());
        return s;
    }

    private KinesisStream active(KinesisStream s) {
        if ("CREATING".equals(s.status(clock.millis()))) {
            throw KinesisError.RESOURCE_IN_USE.error("Stream " + s.name + " under account " + s.account
                    + " is currently being created. Wait for it to be ACTIVE.");
        }
        return s;
    }

    static KinesisException notFound(String name, String account) {
        return KinesisError.RESOURCE_NOT_FOUND.error("Stream " + name + " under account " + account + " not found.");
    }

    /** The stream a call names by StreamName or StreamARN, in the caller's account and region. */
    private KinesisStream find(KinesisContext context, StreamRef ref) {
        String name = ref == null ? null : ref.name();
        if (ref != null && ref.arn() != null) {
            String fromArn = nameFromArn(ref.arn());
            if (name != null && !name.equals(fromArn)) {
                throw KinesisException.invalidArgument("StreamARN " + ref.arn() + " does not match StreamName " + name + ".");
            }
            Arn arn = Arn.parse(ref.arn());
            KinesisStream s = streams.get(KinesisStream.key(arn.account(), arn.region(), fromArn));
            if (s == null) {
                throw notFound(fromArn, arn.account());
            }
            return s;
        }
        if (name == null) {
            throw KinesisException.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        KinesisStream s = streams.get(KinesisStream.key(context.scope().account(), context.scope().region(), name));
        if (s == null) {
            throw notFound(name, context.scope().account());
        }
        return s;
    }

    private static String nameFromArn(String text) {
        try {
            Arn arn = Arn.parse(text);
            if (arn.service().equals("kinesis") && arn.resource().startsWith("stream/")) {
                return arn.resource().substring("stream/".length());
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw KinesisException.validation("1 validation error detected: Value '" + text
                + "' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                + "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
    }

    private synchronized CompletableFuture<KinesisResult> createStream(KinesisContext context, KinesisRequest.CreateStream r) {
        StreamAdmin.checkName(r.streamName());
        String mode = r.streamMode() == null ? (r.shardCount() == null ? "ON_DEMAND" : "PROVISIONED") : r.streamMode();
        if (!mode.equals("ON_DEMAND") && !mode.equals("PROVISIONED")) {
            throw KinesisException.validation("1 validation error detected: Value '" + mode
                    + "' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]");
        }
        int shards = r.shardCount() == null ? DEFAULT_ON_DEMAND_SHARDS : r.shardCount();
        if (shards < 1) {
            throw KinesisException.validation("1 validation error detected: Value '" + shards
                    + "' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        String account = context.scope().account();
        String region = context.scope().region();
        if (streams.containsKey(KinesisStream.key(account, region, r.streamName()))) {
            throw KinesisError.RESOURCE_IN_USE.error("Stream " + r.streamName() + " under account " + account + " already exists.");
        }
        int open = openShards(account, region);
        if (open + shards > SHARD_LIMIT) {
            throw KinesisError.LIMIT_EXCEEDED.error("This request would exceed the shard limit for the account " + account
                    + " in " + region + ". Current shard count for the account: " + open + ". Limit: " + SHARD_LIMIT
                    + ". Number of additional shards that would have resulted from this request: " + shards + ".");
        }
        long now = clock.millis();
        lastId = Math.max(lastId + 1, now);
        KinesisStream s = new KinesisStream(lastId, account, region, r.streamName(), now, now + activationDelayMillis,
                StreamShards.uniform(shards, now), mode, MIN_RETENTION_HOURS);
        s.cipher = cipher;
        if (r.tags() != null) {
            StreamAdmin.addTags(s, r.tags());
        }
        if (r.maxRecordSizeInKiB() != null) {
            StreamAdmin.maxRecordSize(s, r.maxRecordSizeInKiB());
        }
        if (r.recordDistributionStrategy() != null) {
            StreamAdmin.recordDistribution(s, r.recordDistributionStrategy());
        }
        if (r.warmThroughputMiBps() != null) {
            StreamAdmin.warmThroughput(s, r.warmThroughputMiBps(), accountSettings.commitmentActive(account, region));
        }
        streams.put(s.key(), s);
        byId.put(s.id, s);
        return engine.putRecord(KinesisStream.NAMESPACE, s.key(), s.toRecord()).thenApply(v -> new KinesisResult.Empty());
    }

    private int openShards(String account, String region) {
        int open = 0;
        for (KinesisStream s : streams.values()) {
            if (s.account.equals(account) && s.region.equals(region)) {
                open += s.openShardCount;
            }
        }
        return open;
    }

    private CompletableFuture<KinesisResult> deleteStream(KinesisContext context, KinesisRequest.DeleteStream r) {
        KinesisStream s = find(context, r.stream());
        synchronized (this) {
            if (!streams.remove(s.key(), s)) {
                throw notFound(s.name, s.account);
            }
            byId.remove(s.id);
        }
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Void>> deletes = new ArrayList<>();
            deletes.add(engine.deleteRecord(KinesisStream.NAMESPACE, s.key()));
            for (ShardDescriptor shard : s.shards.all()) {
                deletes.add(s.store(engine, shard.index()).delete());
            }
            return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
        }, lanes.laneFor(s.id)).thenCompose(f -> f).thenApply(v -> new KinesisResult.Empty());
    }

    private KinesisResult listStreams(KinesisContext context, KinesisRequest.ListStreams r) {
        int limit = r.limit() == null ? 100 : r.limit();
        if (limit < 1 || limit > 10_000) {
            throw KinesisException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000 and greater than or equal to 1");
        }
        String after = r.exclusiveStartStreamName();
        if (r.nextToken() != null) {
            after = decodeToken(r.nextToken())[0];
        }
        TreeMap<String, KinesisStream> mine = new TreeMap<>();
        for (KinesisStream s : streams.values()) {
            if (s.account.equals(context.scope().account()) && s.region.equals(context.scope().region())) {
                mine.put(s.name, s);
            }
        }
        Map<String, KinesisStream> page = after == null ? mine : mine.tailMap(after, false);
        List<KinesisResult.StreamListEntry> entries = new ArrayList<>();
        long now = clock.millis();
        for (KinesisStream s : page.values()) {
            if (entries.size() == limit) {
                break;
            }
            entries.add(new KinesisResult.StreamListEntry(s.name, s.arn(), s.status(now), s.mode, s.createdAt));
        }
        boolean more = page.size() > entries.size();
        String token = more ? encodeToken(entries.getLast().streamName(), "0") : null;
        return new KinesisResult.StreamList(entries, more, token);
    }

    private KinesisResult describeLimits(KinesisContext context) {
        return describeLimits(context.scope().account(), context.scope().region());
    }

    private KinesisResult describeLimits(String account, String region) {
        int onDemand = 0;
        for (KinesisStream s : streams.values()) {
            if (s.account.equals(account) && s.region.equals(region) && s.mode.equals("ON_DEMAND")) {
                onDemand++;
            }
        }
        return new KinesisResult.Limits(SHARD_LIMIT, openShards(account, region), onDemand, ON_DEMAND_STREAM_LIMIT);
    }

    private CompletableFuture<KinesisResult> getRecords(KinesisContext context, KinesisRequest.GetRecords r) {
        ShardIterators.Position at = records.open(r.shardIterator());
        KinesisStream s = byId.get(at.streamId());
        if (s == null) {
            throw KinesisError.RESOURCE_NOT_FOUND.error("Shard " + KinesisStream.shardId(at.shardIndex())
                    + " in stream under account " + context.scope().account() + " does not exist");
        }
        return onLane(s, () -> records.getRecords(s, at, r.limit(), r.dryRun()));
    }

    private CompletableFuture<KinesisResult> retention(KinesisStream s, Integer hours, boolean increase) {
        StreamAdmin.changeRetention(s, hours, increase);
        records.trimAll(s);
        return save(s, new KinesisResult.Empty());
    }

    /** After a write: an ON_DEMAND stream whose shard ran hot gets a split (persisted before the write is answered). */
    private CompletableFuture<KinesisResult> scaledOnDemand(KinesisStream s, CompletableFuture<KinesisResult> written) {
        if (!resharding.scaleOnDemand(s)) {
            return written;
        }
        return written.thenCombine(save(s, new KinesisResult.Empty()), (result, saved) -> result);
    }

    /**
     * UpdateStreamMode: ACTIVE streams only, at most {@link #MAX_MODE_SWITCHES_PER_DAY} switches in a
     * rolling 24 hours, and within the account's on-demand stream limit; the shards stay as they
     * are and the stream reports UPDATING for the activation delay.
     */
    private KinesisResult updateMode(KinesisStream s, String mode) {
        StreamAdmin.checkMode(mode);
        long now = clock.millis();
        s.requireActive(now);
        if (mode.equals("ON_DEMAND") && !s.mode.equals("ON_DEMAND")
                && ((KinesisResult.Limits) describeLimits(s.account, s.region)).onDemandStreamCount() >= ON_DEMAND_STREAM_LIMIT) {
            throw KinesisError.LIMIT_EXCEEDED.error("This request would exceed the on-demand stream count limit of "
                    + ON_DEMAND_STREAM_LIMIT + " for the account " + s.account + " in " + s.region + ".");
        }
        s.modeSwitches.removeIf(t -> t <= now - 86_400_000L);
        if (s.modeSwitches.size() >= MAX_MODE_SWITCHES_PER_DAY) {
            throw KinesisError.LIMIT_EXCEEDED.error("Stream " + s.name + " under account " + s.account
                    + " has already switched its capacity mode " + MAX_MODE_SWITCHES_PER_DAY + " times within the last 24 hours.");
        }
        s.modeSwitches.add(now);
        s.mode = mode;
        s.updating(now + activationDelayMillis);
        return new KinesisResult.Empty();
    }

    /**
     * Start/StopStreamEncryption: AWS's validation, then every open shard stores what is appended
     * from now on sealed (or not) by {@link RecordCipher}; the stream reports UPDATING meanwhile.
     */
    private KinesisResult encryption(KinesisStream s, String type, String keyId, boolean start) {
        StreamAdmin.checkEncryptionArguments(type, keyId);
        s.requireActive(clock.millis());
        KinesisResult result = StreamAdmin.encryption(s, type, keyId, start);
        s.shards.encryptFromNow(start, i -> s.store(engine, i).nextPosition());
        s.updating(clock.millis() + activationDelayMillis);
        return result;
    }

    private CompletableFuture<KinesisResult> monitoring(KinesisStream s, List<String> metrics, boolean enable) {
        if (metrics == null || metrics.isEmpty()) {
            throw KinesisException.validation("1 validation error detected: Value at 'shardLevelMetrics' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        Set<String> named = new TreeSet<>();
        for (String m : metrics) {
            if (m.equals("ALL")) {
                named.addAll(METRICS);
            } else if (METRICS.contains(m)) {
                named.add(m);
            } else {
                throw KinesisException.validation("1 validation error detected: Value '[" + m
                        + "]' at 'shardLevelMetrics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
                        + "[IncomingBytes, OutgoingRecords, IteratorAgeMilliseconds, IncomingRecords, ReadProvisionedThroughputExceeded, "
                        + "WriteProvisionedThroughputExceeded, OutgoingBytes, ALL]]");
            }
        }
        List<String> before = new ArrayList<>(s.metrics);
        if (enable) {
            s.metrics.addAll(named);
        } else {
            s.metrics.removeAll(named);
        }
        return save(s, new KinesisResult.EnhancedMonitoring(s.name, s.arn(), before, new ArrayList<>(s.metrics)));
    }

    private CompletableFuture<KinesisResult> save(KinesisStream s, KinesisResult result) {
        return engine.putRecord(KinesisStream.NAMESPACE, s.key(), s.toRecord()).thenApply(v -> result);
    }

    static String encodeToken(String... parts) {
        return Base64.getEncoder().encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    static String[] decodeToken(String token) {
        try {
            String[] parts = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 2 || parts.length == 5) { // name, position (ListShards: and its filter)
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw KinesisException.invalidArgument("Invalid NextToken.");
    }
}
