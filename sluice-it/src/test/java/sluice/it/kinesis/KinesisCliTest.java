package sluice.it.kinesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sluice.it.cli.AwsCli;
import sluice.it.cli.AwsCli.Run;
import sluice.testkit.SluiceTestServer;

/**
 * Debian's {@code awscli} 2.9.x (botocore speaks Kinesis JSON 1.1) against the server: create-stream,
 * describe-stream-summary, list-shards, put-record, put-records, get-shard-iterator, get-records,
 * tags, retention, delete-stream, and errors. Skipped when that CLI is not installed
 * ({@code apt-get install -y awscli} puts it at {@code /usr/bin/aws}; another path can be given
 * with {@code -Dsluice.it.queryCli=…}), as {@code QueryCliTest} is.
 */
class KinesisCliTest {
    private static AwsCli cli;
    private static SluiceTestServer server;

    @BeforeAll
    static void findCliAndStartServer() throws Exception {
        cli = AwsCli.find();
        server = SluiceTestServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A kinesis command; blobs are given as raw text and printed as base64, whatever the CLI's default. */
    private static Run kinesis(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--cli-binary-format", "raw-in-base64-out", "kinesis"));
        all.addAll(List.of(args));
        return cli.run(server.endpoint(), all);
    }

    private static JsonNode summary(String stream) throws Exception {
        return kinesis("describe-stream-summary", "--stream-name", stream).ok().json().get("StreamDescriptionSummary");
    }

    private static void awaitActive(String stream) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!summary(stream).get("StreamStatus").asText().equals("ACTIVE")) {
            assertTrue(System.nanoTime() < deadline, stream + " did not become ACTIVE");
            Thread.sleep(100);
        }
    }

    private static String text(JsonNode record) {
        return new String(Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8);
    }

    @Test
    void aStreamsLifeThroughTheCli() throws Exception {
        String stream = KinesisClients.uniqueName("kcli");
        kinesis("create-stream", "--stream-name", stream, "--shard-count", "2").ok();
        try {
            awaitActive(stream);
            JsonNode summary = summary(stream);
            assertEquals(stream, summary.get("StreamName").asText());
            assertEquals(2, summary.get("OpenShardCount").asInt());
            assertEquals(24, summary.get("RetentionPeriodHours").asInt());
            assertTrue(summary.get("StreamARN").asText().endsWith(":stream/" + stream), summary::toString);

            JsonNode shards = kinesis("list-shards", "--stream-name", stream).ok().json().get("Shards");
            assertEquals(2, shards.size());
            assertEquals("shardId-000000000000", shards.get(0).get("ShardId").asText());
            assertEquals("0", shards.get(0).get("HashKeyRange").get("StartingHashKey").asText());

            JsonNode one = kinesis("put-record", "--stream-name", stream, "--partition-key", "p1",
                    "--data", "hello from the CLI ü", "--explicit-hash-key", "0").ok().json();
            assertEquals("shardId-000000000000", one.get("ShardId").asText());
            JsonNode batch = kinesis("put-records", "--stream-name", stream, "--records",
                    "[{\"Data\":\"second\",\"PartitionKey\":\"p2\",\"ExplicitHashKey\":\"1\"},"
                            + "{\"Data\":\"third\",\"PartitionKey\":\"p3\",\"ExplicitHashKey\":\"2\"}]").ok().json();
            assertEquals(0, batch.get("FailedRecordCount").asInt());
            assertEquals(2, batch.get("Records").size());
            BigInteger first = new BigInteger(one.get("SequenceNumber").asText());
            BigInteger second = new BigInteger(batch.get("Records").get(0).get("SequenceNumber").asText());
            BigInteger third = new BigInteger(batch.get("Records").get(1).get("SequenceNumber").asText());
            assertTrue(first.compareTo(second) < 0 && second.compareTo(third) < 0, "sequence numbers increase");

            String iterator = kinesis("get-shard-iterator", "--stream-name", stream, "--shard-id", "shardId-000000000000",
                    "--shard-iterator-type", "TRIM_HORIZON").ok().json().get("ShardIterator").asText();
            JsonNode got = kinesis("get-records", "--shard-iterator", iterator).ok().json();
            JsonNode records = got.get("Records");
            assertEquals(3, records.size(), got::toString);
            assertEquals("hello from the CLI ü", text(records.get(0)));
            assertEquals("p1", records.get(0).get("PartitionKey").asText());
            assertEquals(one.get("SequenceNumber").asText(), records.get(0).get("SequenceNumber").asText());
            assertEquals(List.of("second", "third"), List.of(text(records.get(1)), text(records.get(2))));
            assertTrue(records.get(0).has("ApproximateArrivalTimestamp"), records::toString);
            assertEquals(0, got.get("MillisBehindLatest").asLong());

            String after = kinesis("get-shard-iterator", "--stream-name", stream, "--shard-id", "shardId-000000000000",
                    "--shard-iterator-type", "AFTER_SEQUENCE_NUMBER", "--starting-sequence-number", second.toString()).ok()
                    .json().get("ShardIterator").asText();
            JsonNode rest = kinesis("get-records", "--shard-iterator", after, "--limit", "10").ok().json().get("Records");
            assertEquals(1, rest.size());
            assertEquals("third", text(rest.get(0)));

            kinesis("add-tags-to-stream", "--stream-name", stream, "--tags", "team=data,env=test").ok();
            Set<String> tags = new HashSet<>();
            kinesis("list-tags-for-stream", "--stream-name", stream).ok().json().get("Tags")
                    .forEach(t -> tags.add(t.get("Key").asText() + "=" + t.get("Value").asText()));
            assertEquals(Set.of("team=data", "env=test"), tags);
            kinesis("remove-tags-from-stream", "--stream-name", stream, "--tag-keys", "env").ok();
            JsonNode left = kinesis("list-tags-for-stream", "--stream-name", stream).ok().json().get("Tags");
            assertEquals(1, left.size());
            assertEquals("team", left.get(0).get("Key").asText());

            kinesis("increase-stream-retention-period", "--stream-name", stream, "--retention-period-hours", "48").ok();
            awaitActive(stream);
            assertEquals(48, summary(stream).get("RetentionPeriodHours").asInt());
            kinesis("decrease-stream-retention-period", "--stream-name", stream, "--retention-period-hours", "24").ok();
            awaitActive(stream);
            assertEquals(24, summary(stream).get("RetentionPeriodHours").asInt());
        } finally {
            kinesis("delete-stream", "--stream-name", stream);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Run gone;
        do {
            Thread.sleep(100);
            gone = kinesis("describe-stream-summary", "--stream-name", stream);
        } while (gone.exit() == 0 && System.nanoTime() < deadline);
        Run deleted = gone;
        assertNotEquals(0, deleted.exit(), () -> "the stream is still described: " + deleted);
        assertTrue(deleted.err().contains("ResourceNotFoundException"), deleted::err);
    }

    @Test
    void errorsAreReportedWithTheirAwsCodes() throws Exception {
        Run missing = kinesis("get-shard-iterator", "--stream-name", KinesisClients.uniqueName("kcli-missing"),
                "--shard-id", "shardId-000000000000", "--shard-iterator-type", "LATEST");
        assertNotEquals(0, missing.exit(), () -> "get-shard-iterator on a missing stream succeeded: " + missing);
        assertTrue(missing.err().contains("ResourceNotFoundException") && missing.err().contains("GetShardIterator"), missing::err);

        Run badIterator = kinesis("get-records", "--shard-iterator", "not-an-iterator");
        assertNotEquals(0, badIterator.exit(), () -> "get-records with a bad iterator succeeded: " + badIterator);
        assertTrue(badIterator.err().contains("InvalidArgumentException"), badIterator::err);

        String stream = KinesisClients.uniqueName("kcli-dup");
        kinesis("create-stream", "--stream-name", stream, "--shard-count", "1").ok();
        try {
            Run again = kinesis("create-stream", "--stream-name", stream, "--shard-count", "1");
            assertNotEquals(0, again.exit(), () -> "a second create-stream succeeded: " + again);
            assertTrue(again.err().contains("ResourceInUseException"), again::err);
        } finally {
            kinesis("delete-stream", "--stream-name", stream);
        }
    }
}
