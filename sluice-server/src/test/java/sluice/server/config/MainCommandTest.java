package sluice.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sluice} command end to end, in a child JVM: usage, exit codes, the listening line, SIGTERM. */
class MainCommandTest {
    @TempDir
    Path dir;

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "sluice.server.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SLUICE_"));
        return pb.start();
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Process p = launch("--help");
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        for (Setting s : Setting.values()) {
            assertTrue(out.contains(s.flag()), s.flag());
        }
    }

    @Test
    void invalidConfigurationExitsTwoWithOneLine() throws Exception {
        Process p = launch("--port", "abc");
        String err = read(p.getErrorStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(err.lines().anyMatch("sluice: invalid configuration: --port=abc: port must be an integer 0..65535"::equals), err);
    }

    @Test
    void startsServesAndStopsOnSigterm() throws Exception {
        Process p = launch("--engine", "memory", "--port", "0");
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the process went away
            }
        });
        drain.setDaemon(true);
        drain.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            String prefix = "sluice: listening on http://127.0.0.1:";
            assertTrue(line != null && line.startsWith(prefix), String.valueOf(line));
            assertTrue(line.endsWith(" (tls and h2 on the same port), engine memory, durability fsync, data ./data"), line);
            int port = Integer.parseInt(line.substring(prefix.length(), line.indexOf(' ', prefix.length())));
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.statusCode() >= 200, "answered: " + r.statusCode());
            }
            p.destroy(); // SIGTERM: the shutdown hook closes the server, then the assembly
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
