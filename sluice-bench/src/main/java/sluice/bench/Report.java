package sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import sluice.bench.SqsLoadGenerator.Options;
import sluice.bench.SqsLoadGenerator.TargetResult;

/** The Markdown results section, and writing it between the markers of docs/benchmarks.md. */
final class Report {
    static final double THROUGHPUT_FACTOR = 3.0;
    static final double P99_BAR_MS = 10.0;
    static final double RSS_BAR_MB = 200.0;
    /** Other processes using more than this many cores during a measured window make the run unreliable. */
    static final double NOISE_CORES = 0.2;

    private Report() {
    }

    static String markdown(Options o, MachineInfo m, ZonedDateTime started, List<TargetResult> results) {
        StringBuilder md = new StringBuilder();
        md.append(SqsLoadGenerator.RESULTS_BEGIN).append('\n');
        md.append("## Results\n\n");
        md.append("Run of ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
                .append(", commit ").append(m.revision()).append(". Written by `bin/bench`; rerun it to replace this section.\n\n");
        md.append("**Machine:** ").append(m.processors()).append(" processors (`nproc`), ").append(m.cpuModel()).append(", ")
                .append(m.memory()).append(" memory, kernel ").append(m.kernel()).append(", ").append(m.os())
                .append("; JDK ").append(m.jdk()).append(" (client, and both servers); temp directory ")
                .append(m.tempFilesystem()).append(". Client and servers share the same processors; load average (1, 5, 15 min) just before the run: ")
                .append(m.loadAverage()).append(".\n\n");
        md.append("**Settings:** ").append(o.threads).append(" client threads (").append(o.producers).append(" producers, ")
                .append(o.consumers()).append(" consumers), one AWS SDK v2 sync `SqsClient` per target on the ")
                .append(o.httpClient.equals("apache5") ? "Apache HttpClient 5.x" : "Apache HttpClient 4.x").append(" (")
                .append(o.threads + 2).append(" pooled connections, retries off); SendMessageBatch of ").append(o.batchSize)
                .append(" × ").append(o.messageBytes).append("-byte messages; ReceiveMessage MaxNumberOfMessages ")
                .append(o.batchSize).append(", WaitTimeSeconds ").append(o.waitTimeSeconds)
                .append(", then DeleteMessageBatch of what came back. Peak phase: ").append(SqsLoadGenerator.secs(o.warmup))
                .append(" warm-up, ").append(SqsLoadGenerator.secs(o.duration))
                .append(" measured (closed loop). Half-load phase: producers paced to half of that target's measured peak send rate, ")
                .append(SqsLoadGenerator.secs(o.halfWarmup)).append(" settle, ").append(SqsLoadGenerator.secs(o.halfDuration))
                .append(" measured, on a fresh queue. Latency is per call, from just before the SDK call to its return. ")
                .append("Idle RSS after the run and after deleting the queues is read ").append(SqsLoadGenerator.secs(o.idleSettle))
                .append(" after the last request (Sluice releases memory after 30 s without requests).")
                .append(o.clientWarmedUp ? " Before the first target, the client ran the workload for " + SqsLoadGenerator.secs(o.clientWarmup)
                        + " against a throwaway Sluice process (not measured), so that its JIT warm-up counts against neither target."
                        : " The client was not warmed up before the first target, which pays for the client's JIT warm-up.")
                .append("\n\n");
        for (TargetResult r : results) {
            md.append("- **").append(r.displayName()).append(":** ").append(r.how.isEmpty() ? "not started" : "`" + r.how + "`");
            if (!r.endpoint.isEmpty()) {
                md.append(" at ").append(r.endpoint);
            }
            if (r.name.equals("sluice") && o.sluiceEndpoint == null) {
                md.append(o.sluiceArgs.isEmpty()
                        ? " — default settings: engine rocksdb, durability fsync (group commit), data in a fresh temp directory"
                                + (o.sluiceLauncher != null ? "; measured on a later start (an earlier, unmeasured one primed the launcher)" : "")
                        : " — with " + String.join(" ", o.sluiceArgs) + ", data in a fresh temp directory");
            }
            if (r.name.equals("elasticmq")) {
                md.append(" — in memory, no persistence");
            }
            if (r.failure != null) {
                md.append(" — **failed:** ").append(r.failure.replace('\n', ' '));
            }
            md.append('\n');
        }
        md.append('\n');

        List<TargetResult> ran = results.stream().filter(r -> r.peak != null).toList();
        if (!ran.isEmpty()) {
            md.append("| | ").append(String.join(" | ", ran.stream().map(TargetResult::displayName).toList())).append(" |\n");
            md.append("|---|").append("---:|".repeat(ran.size())).append('\n');
            row(md, ran, "Peak: messages/s sent", r -> num(r.peak.sendRate()));
            row(md, ran, "Peak: messages/s received+deleted (end to end)", r -> num(r.peak.deleteRate()));
            row(md, ran, "Peak: messages/s received", r -> num(r.peak.receiveRate()));
            for (int call = 0; call < 3; call++) {
                int c = call;
                row(md, ran, "Peak: " + SqsWorkload.CALL_NAMES[c] + " p50 / p99 / max (ms)", r -> latency(r.peak.stats().latency[c]));
            }
            row(md, ran, "Peak: calls measured (send / receive / delete)", r -> calls(r.peak));
            row(md, ran, "Peak: empty receives", r -> Long.toString(r.peak.stats().emptyReceivesInWindow));
            row(md, ran, "Peak: errors (send / receive / delete; failed batch entries)", r -> errors(r.peak));
            row(md, ran, "Peak: sent = deleted + left in queue? (whole phase)", r -> accounting(r.peak));
            row(md, ran, "Peak: CPU cores used: server / client / other processes", r -> cpu(r.peak.cpu()));
            row(md, ran, "Peak: CPU µs per message operation (a send, a receive, a delete): server / client", r -> perOperation(r.peak));
            row(md, ran, "Half load: target / achieved messages/s sent", r -> r.half == null ? "n/a"
                    : num(r.half.targetSendRate()) + " / " + num(r.half.sendRate()));
            row(md, ran, "Half load: messages/s received+deleted", r -> r.half == null ? "n/a" : num(r.half.deleteRate()));
            row(md, ran, "Half load: **SendMessageBatch p50 / p99 / max (ms)**", r -> r.half == null ? "n/a"
                    : latency(r.half.stats().latency[SqsWorkload.SEND]));
            row(md, ran, "Half load: SendMessageBatch p99 from the pacing schedule (ms)", r -> r.half == null ? "n/a"
                    : String.format(Locale.ROOT, "%.2f", SqsLoadGenerator.ms(r.half.stats().sendFromSchedule.valueAt(99))));
            row(md, ran, "Half load: ReceiveMessage / DeleteMessageBatch p99 (ms)", r -> r.half == null ? "n/a"
                    : String.format(Locale.ROOT, "%.2f / %.2f", SqsLoadGenerator.ms(r.half.stats().latency[SqsWorkload.RECEIVE].valueAt(99)),
                            SqsLoadGenerator.ms(r.half.stats().latency[SqsWorkload.DELETE].valueAt(99))));
            row(md, ran, "Half load: errors (send / receive / delete; failed batch entries)", r -> r.half == null ? "n/a" : errors(r.half));
            row(md, ran, "Half load: sent = deleted + left in queue? (whole phase)", r -> r.half == null ? "n/a" : accounting(r.half));
            row(md, ran, "Half load: CPU cores used: server / client / other processes", r -> r.half == null ? "n/a" : cpu(r.half.cpu()));
            row(md, ran, "Server RSS idle after start (MiB)", r -> mib(r.rssAfterStartKib));
            row(md, ran, "Server RSS idle after the run (MiB)", r -> mib(r.rssAfterRunKib));
            row(md, ran, "Server RSS idle after deleting the queues (and their backlog) (MiB)", r -> mib(r.rssAfterDeleteKib));
            row(md, ran, "Server peak RSS, VmHWM (MiB)", r -> mib(r.peakRssKib));
            md.append('\n');
            List<String> samples = new ArrayList<>();
            for (TargetResult r : ran) {
                for (SqsWorkload.Result phase : new SqsWorkload.Result[] {r.peak, r.half}) {
                    if (phase != null) {
                        for (String s : phase.stats().errorSamples) {
                            samples.add(r.displayName() + ": " + s);
                        }
                    }
                }
            }
            if (!samples.isEmpty()) {
                md.append("Errors seen (first of each kind):\n\n");
                for (String s : samples) {
                    md.append("- `").append(s.replace('`', '\'').replace('\n', ' ')).append("`\n");
                }
                md.append('\n');
            }
        }
        bars(md, results);
        md.append(SqsLoadGenerator.RESULTS_END).append('\n');
        return md.toString();
    }

    private static void bars(StringBuilder md, List<TargetResult> results) {
        Optional<TargetResult> sluice = results.stream().filter(r -> r.name.equals("sluice") && r.peak != null).findFirst();
        Optional<TargetResult> elastic = results.stream().filter(r -> r.name.equals("elasticmq") && r.peak != null).findFirst();
        md.append("### The bars in this run\n\n");
        List<String> busy = new ArrayList<>();
        for (TargetResult r : results) {
            for (SqsWorkload.Result phase : new SqsWorkload.Result[] {r.peak, r.half}) {
                if (phase != null && phase.cpu().others() > NOISE_CORES) {
                    busy.add(String.format(Locale.ROOT, "%.2f cores during %s's %s phase", phase.cpu().others(), r.displayName(),
                            phase == r.peak ? "peak" : "half-load"));
                }
            }
        }
        if (!busy.isEmpty()) {
            md.append("**Caution:** other processes on this machine used ").append(String.join(", ", busy))
                    .append(" (of ").append(Runtime.getRuntime().availableProcessors())
                    .append("), so these figures are skewed and the two targets did not run under the same conditions; rerun `bin/bench` on a quiet machine before drawing conclusions.\n\n");
        }
        md.append("| Bar | Measured | Met? |\n|---|---|---|\n");
        // 1. throughput
        if (sluice.isPresent() && elastic.isPresent()) {
            double s = sluice.get().peak.deleteRate();
            double e = elastic.get().peak.deleteRate();
            double ratio = e > 0 ? s / e : Double.POSITIVE_INFINITY;
            md.append("| Sluice end-to-end throughput ≥ 3× ElasticMQ's | ").append(num(s)).append(" vs ").append(num(e))
                    .append(" messages/s received+deleted: ").append(String.format(Locale.ROOT, "%.2f×", ratio)).append(" | ")
                    .append(ratio >= THROUGHPUT_FACTOR ? "yes" : "**no**").append(" |\n");
        } else {
            md.append("| Sluice end-to-end throughput ≥ 3× ElasticMQ's | not measured (both targets must run) | n/a |\n");
        }
        // 2. p99 at half load
        if (sluice.isPresent() && sluice.get().half != null) {
            SqsWorkload.Result h = sluice.get().half;
            double p99 = SqsLoadGenerator.ms(h.stats().latency[SqsWorkload.SEND].valueAt(99));
            md.append("| Sluice p99 SendMessageBatch ≤ 10 ms at half of peak | ").append(String.format(Locale.ROOT, "%.2f ms", p99))
                    .append(" at ").append(num(h.sendRate())).append(" messages/s | ")
                    .append(p99 <= P99_BAR_MS ? "yes" : "**no**").append(" |\n");
        } else {
            md.append("| Sluice p99 SendMessageBatch ≤ 10 ms at half of peak | not measured | n/a |\n");
        }
        // 3. idle RSS
        if (sluice.isPresent() && sluice.get().rssAfterStartKib.isPresent() && sluice.get().rssAfterRunKib.isPresent()) {
            long worstKib = Math.max(sluice.get().rssAfterStartKib.getAsLong(), sluice.get().rssAfterRunKib.getAsLong());
            double mb = worstKib * 1024 / 1e6;
            double mib = worstKib / 1024.0;
            String verdict = mb <= RSS_BAR_MB ? "yes" : mib <= RSS_BAR_MB ? "only if MB means MiB" : "**no**";
            md.append("| Sluice idle RSS ≤ 200 MB (after start and after the run) | ").append(mib(sluice.get().rssAfterStartKib))
                    .append(" / ").append(mib(sluice.get().rssAfterRunKib)).append(String.format(Locale.ROOT, " MiB (worst %.0f MB)", mb))
                    .append(" | ").append(verdict).append(" |\n");
        } else {
            md.append("| Sluice idle RSS ≤ 200 MB (after start and after the run) | not measured (server process not found) | n/a |\n");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, List<TargetResult> ran, String label, Function<TargetResult, String> cell) {
        md.append("| ").append(label).append(" | ");
        md.append(String.join(" | ", ran.stream().map(cell).toList())).append(" |\n");
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String latency(LatencyHistogram h) {
        if (h.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.1f", SqsLoadGenerator.ms(h.valueAt(50)),
                SqsLoadGenerator.ms(h.valueAt(99)), SqsLoadGenerator.ms(h.max()));
    }

    private static String calls(SqsWorkload.Result r) {
        long[] c = r.stats().callsInWindow;
        return String.format(Locale.ROOT, "%,d / %,d / %,d", c[0], c[1], c[2]);
    }

    private static String errors(SqsWorkload.Result r) {
        SqsWorkload.Stats s = r.stats();
        String text = String.format(Locale.ROOT, "%d / %d / %d; %d", s.errors[0], s.errors[1], s.errors[2],
                s.sendEntryFailures + s.deleteEntryFailures);
        return s.totalErrors() == 0 && r.hungThreads() == 0 ? text : "**" + text + "**";
    }

    private static String accounting(SqsWorkload.Result r) {
        SqsWorkload.Stats s = r.stats();
        if (r.leftVisible() < 0) {
            return String.format(Locale.ROOT, "%,d sent, %,d deleted, queue depth unknown", s.sentTotal, s.deletedTotal);
        }
        long gap = r.unaccounted();
        return String.format(Locale.ROOT, "%,d = %,d + %,d (+ %,d in flight)%s", s.sentTotal, s.deletedTotal, r.leftVisible(),
                r.leftInFlight(), gap == 0 ? ": yes" : String.format(Locale.ROOT, ": **off by %,d**", gap));
    }

    private static String cpu(SqsWorkload.CpuUse c) {
        return cores(c.server()) + " / " + cores(c.client()) + " / " + cores(c.others());
    }

    private static String perOperation(SqsWorkload.Result r) {
        double operations = r.sendRate() + r.receiveRate() + r.deleteRate();
        if (operations <= 0) {
            return "n/a";
        }
        SqsWorkload.CpuUse c = r.cpu();
        return (c.server() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", c.server() * 1e6 / operations)) + " / "
                + (c.client() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", c.client() * 1e6 / operations));
    }

    private static String cores(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String mib(OptionalLong kib) {
        return kib.isPresent() ? String.format(Locale.ROOT, "%.0f", kib.getAsLong() / 1024.0) : "n/a";
    }

    /**
     * Replaces the results section (between the markers) of the Markdown file, or appends it when
     * the file has no markers; creates the file when missing.
     */
    static void writeInto(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        int begin = text.indexOf(SqsLoadGenerator.RESULTS_BEGIN);
        int end = text.indexOf(SqsLoadGenerator.RESULTS_END);
        String updated;
        if (begin >= 0 && end > begin) {
            int after = end + SqsLoadGenerator.RESULTS_END.length();
            if (after < text.length() && text.charAt(after) == '\n') {
                after++;
            }
            updated = text.substring(0, begin) + section + text.substring(after);
        } else {
            updated = text + (text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".benchmarks-", ".md");
        Files.writeString(tmp, updated, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
