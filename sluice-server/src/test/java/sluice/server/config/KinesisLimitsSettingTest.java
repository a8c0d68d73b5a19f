package sluice.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kinesis.limits: relaxed by default, strict from YAML, environment or flag, anything else named in the error. */
class KinesisLimitsSettingTest {
    @TempDir
    Path dir;

    @Test
    void relaxedByDefaultAndStrictFromEverySource() throws IOException {
        assertFalse(ConfigLoader.load(new String[0], Map.of(), dir).kinesisStrictLimits());
        assertTrue(ConfigLoader.load(new String[] {"--kinesis-limits", "strict"}, Map.of(), dir).kinesisStrictLimits());
        assertTrue(ConfigLoader.load(new String[0], Map.of("SLUICE_KINESIS_LIMITS", "STRICT"), dir).kinesisStrictLimits());
        Files.writeString(dir.resolve("sluice.yaml"), "kinesis:\n  limits: strict\n");
        assertTrue(ConfigLoader.load(new String[0], Map.of(), dir).kinesisStrictLimits());
        assertFalse(ConfigLoader.load(new String[] {"--kinesis-limits=relaxed"}, Map.of(), dir).kinesisStrictLimits());
        assertTrue(SluiceConfig.defaults().withKinesisStrictLimits(true).kinesisStrictLimits());
    }

    @Test
    void anotherValueIsRefusedWithTheKeyAndWhatItAllows() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--kinesis-limits", "loose"}, Map.of(), dir));
        assertEquals("--kinesis-limits=loose: kinesis.limits must be one of relaxed, strict", e.getMessage());
        assertTrue(ConfigLoader.help().contains("--kinesis-limits relaxed|strict"));
        assertTrue(ConfigLoader.help().contains("yaml kinesis.limits, default relaxed"));
    }
}
