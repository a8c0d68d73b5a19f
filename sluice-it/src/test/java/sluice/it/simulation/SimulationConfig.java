package sluice.it.simulation;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import sluice.storage.rocksdb.Durability;

/**
 * What one simulation run is configured with, all derived from the seed and the queue type (so
 * the seed alone replays it), plus the known bugs the schedule is told to steer around.
 *
 * @param defaultVisibility the queue's VisibilityTimeout at creation
 * @param queueDelay the queue's DelaySeconds at creation
 * @param groups how many message groups sends draw from
 * @param dedupIdPool how many reusable deduplication ids FIFO sends draw from
 * @param maxReceiveCount the redrive policy's maxReceiveCount, 0 for no dead-letter queue
 */
record SimulationConfig(long seed, boolean fifo, int steps, Durability durability, int defaultVisibility, int queueDelay,
                        boolean contentBasedDeduplication, boolean dedupPerGroup, int groups, int dedupIdPool,
                        int maxReceiveCount, Set<String> avoid) {

    /**
     * What the schedule may steer around while a known bug is open, named in
     * {@code -Dsluice.sim.avoid=a,b}: {@code receive-visibility-0} (a receive with VisibilityTimeout 0
     * becomes 1), {@code receive-attempt-retry} (no retries with a ReceiveRequestAttemptId),
     * {@code restart-between-delete-and-create} (a deleted queue is created again without a restart
     * in between), {@code fifo-delay-change} (a FIFO queue's DelaySeconds never changes).
     */
    static final Set<String> AVOIDABLE = Set.of("receive-visibility-0", "receive-attempt-retry",
            "restart-between-delete-and-create", "fifo-delay-change");

    static SimulationConfig of(long seed, boolean fifo, int steps) {
        Random r = new Random(seed ^ (fifo ? 0xF1F0L : 0x57DL));
        Set<String> avoid = new TreeSet<>();
        for (String a : System.getProperty("sluice.sim.avoid", "").split(",")) {
            if (!a.isBlank()) {
                if (!AVOIDABLE.contains(a.trim())) {
                    throw new IllegalArgumentException("sluice.sim.avoid: unknown " + a + "; known: " + AVOIDABLE);
                }
                avoid.add(a.trim());
            }
        }
        return new SimulationConfig(seed, fifo, steps, r.nextInt(4) == 0 ? Durability.FSYNC : Durability.OS,
                1 + r.nextInt(30), r.nextInt(3) == 0 ? 1 + r.nextInt(5) : 0,
                fifo && r.nextBoolean(), fifo && r.nextBoolean(), 1 + r.nextInt(4), 4 + r.nextInt(16),
                r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 0, Set.copyOf(avoid));
    }

    boolean avoids(String what) {
        return avoid.contains(what);
    }

    String queueName() {
        return "sim-" + Long.toUnsignedString(seed, 36) + (fifo ? ".fifo" : "");
    }

    String deadLetterQueueName() {
        return "sim-" + Long.toUnsignedString(seed, 36) + "-dlq" + (fifo ? ".fifo" : "");
    }

    boolean redrive() {
        return maxReceiveCount > 0;
    }
}
