package sluice.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Linux /proc readings: resident memory of a process, and which process listens on a TCP port. */
final class ProcessInfo {
    private ProcessInfo() {
    }

    /** VmRSS of the process in KiB, or empty when it cannot be read (no such process, not Linux). */
    static OptionalLong rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** VmHWM (peak resident set size) of the process in KiB, or empty. */
    static OptionalLong peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** CPU time (user + system) the process has used so far, in nanoseconds, or -1 when unknown. */
    static long cpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos()).orElse(-1L);
    }

    /**
     * CPU time all processors of the machine have spent busy (not idle, not waiting for I/O) since
     * boot, in nanoseconds, from the first line of /proc/stat (USER_HZ taken as 100); -1 when unknown.
     */
    static long machineBusyNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    // user nice system idle iowait irq softirq steal (guest time is already in user)
                    for (int i = 1; i <= 8 && i < f.length; i++) {
                        if (i != 4 && i != 5) {
                            busy += Long.parseLong(f[i]);
                        }
                    }
                    return busy * 10_000_000L;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static OptionalLong statusField(long pid, String field) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable
        }
        return OptionalLong.empty();
    }

    /**
     * The process that has a TCP socket listening on {@code port} (any local address), found through
     * /proc/net/tcp{,6} and the socket inodes in /proc/PID/fd; empty when there is none or it cannot
     * be seen (another user's process without root).
     */
    static OptionalLong listenerPid(int port) {
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            inode = listeningInode(Path.of(table), port);
            if (inode != null) {
                break;
            }
        }
        if (inode == null) {
            return OptionalLong.empty();
        }
        String wanted = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (wanted.equals(Files.readSymbolicLink(fd).toString())) {
                                return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // not ours to look at, or gone
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static String listeningInode(Path table, int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode
                if (f.length > 9 && f[1].endsWith(":" + hexPort) && "0A".equals(f[3])) {
                    return f[9];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no IPv6
        }
        return null;
    }
}
