package sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the benchmark ran on, read from /proc and the JVM, for the report. */
record MachineInfo(int processors, String cpuModel, String memory, String kernel, String os, String jdk,
                   String tempFilesystem, String revision, String loadAverage) {

    static MachineInfo read() {
        int processors = Runtime.getRuntime().availableProcessors();
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name", ':').orElse("unknown");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal", ':')
                .map(v -> {
                    try {
                        long kib = Long.parseLong(v.replace("kB", "").trim());
                        return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }).orElse("unknown");
        String kernel = readTrimmed(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version"));
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", '=').map(v -> v.replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.home") + ")";
        String fs;
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            fs = tmp + " on " + Files.getFileStore(tmp).type();
        } catch (IOException e) {
            fs = "unknown";
        }
        String load = readTrimmed(Path.of("/proc/loadavg")).map(v -> String.join(" ", Arrays.asList(v.split("\\s+")).subList(0, 3)))
                .orElse("unknown");
        return new MachineInfo(processors, cpu, memory, kernel, os, jdk, fs, gitRevision(), load);
    }

    private static Optional<String> firstValue(Path file, String key, char separator) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                int sep = line.indexOf(separator);
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return Optional.of(line.substring(sep + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Optional.empty();
    }

    private static Optional<String> readTrimmed(Path file) {
        try {
            return Optional.of(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The git commit of the working directory and whether it has uncommitted changes; "unknown" without git. */
    private static String gitRevision() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? " with uncommitted changes" : "");
    }

    private static String git(String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
