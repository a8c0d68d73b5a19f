package sluice.it.simulation;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The long variant of {@link SqsSimulationTest}: consecutive seeds from a random base, 50 per
 * queue type unless {@code -Dsluice.sim.seeds=K} says otherwise (a soak: 500 or more). A failure
 * prints the same replay command, which runs the seed through {@link SqsSimulationTest}.
 */
@Tag("slow")
class SqsSimulationSoakTest {

    static Stream<Long> manySeeds() {
        String chosen = System.getProperty("sluice.sim.seed");
        if (chosen != null && !chosen.isBlank()) {
            return Stream.of(Long.parseLong(chosen.trim()));
        }
        int count = Integer.getInteger("sluice.sim.seeds", 50);
        long base = (ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL) * count;
        return LongStream.range(base, base + count).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void standardQueue(long seed, @TempDir Path dir) {
        SqsSimulation.run(SimulationConfig.of(seed, false, SqsSimulationTest.steps()), dir);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void fifoQueue(long seed, @TempDir Path dir) {
        SqsSimulation.run(SimulationConfig.of(seed, true, SqsSimulationTest.steps()), dir);
    }
}
