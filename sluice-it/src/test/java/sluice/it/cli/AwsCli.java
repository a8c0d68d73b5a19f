package sluice.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import sluice.testkit.SluiceTestServer;

/**
 * The AWS CLI the machine has (Debian's {@code awscli}, {@code apt-get install -y awscli}, at
 * {@code /usr/bin/aws}; another path with {@code -Dsluice.it.queryCli=…}), run as a separate
 * process with the test server's credentials and nothing from the user's own AWS configuration.
 * {@link #find()} skips the calling test class when there is no such CLI.
 */
public final class AwsCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("^aws-cli/(\\d+)\\.(\\d+)\\.");

    private final Path executable;

    /** One finished command: exit status, standard output and standard error. */
    public record Run(int exit, String out, String err) {
        public JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        /** This run, once asserted to have exited 0. */
        public Run ok() {
            assertEquals(0, exit, () -> "aws failed: " + this);
            return this;
        }
    }

    private AwsCli(Path executable) {
        this.executable = executable;
    }

    /** The CLI, or an aborted assumption (the test is skipped) when none is installed. */
    public static AwsCli find() throws IOException, InterruptedException {
        Path path = Path.of(System.getProperty("sluice.it.queryCli", "/usr/bin/aws"));
        Assumptions.assumeTrue(Files.isExecutable(path), path + " is not installed (apt-get install -y awscli)");
        AwsCli cli = new AwsCli(path);
        Run version = cli.run(List.of("--version"));
        Assumptions.assumeTrue(version.exit() == 0 && VERSION.matcher(version.out().strip() + version.err().strip()).find(),
                "not an AWS CLI: " + version);
        return cli;
    }

    public Path executable() {
        return executable;
    }

    /** Runs {@code aws --endpoint-url <endpoint> --output json args…} (see {@link #run(List)}). */
    public Run run(URI endpoint, List<String> args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
        all.addAll(args);
        return run(all);
    }

    /** Runs {@code aws args…} to its end (at most 120 s). */
    public Run run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", SluiceTestServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SluiceTestServer.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", SluiceTestServer.REGION);
        env.put("AWS_CONFIG_FILE", "/nonexistent/sluice-it/config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/sluice-it/credentials");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path out = Files.createTempFile("sluice-cli-out", ".txt");
        Path err = Files.createTempFile("sluice-cli-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aws " + args + " did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
