package opbx.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The soak's figures as the section of docs/reliability.md between {@code <!-- soak:begin -->} and
 * {@code <!-- soak:end -->}; the rest of the file is written by hand and kept.
 */
record SoakReport(int warmupSeconds, int seconds, int rate, double elapsed, List<String> hostLoad, String stores, List<String> jvmOptions,
                  List<SoakLoad.Stats> warmup, List<SoakLoad.Stats> stats, SoakMemory memory, int lost,
                  int duplicated, int unexpected, int distinctRows, int distinctSent, int acknowledged,
                  long redeliveries, int redelivered, int callLogs, int finals, List<String> serverLog,
                  List<SoakMemory.Instance> instances) {

    static final String BEGIN = "<!-- soak:begin -->";
    static final String END = "<!-- soak:end -->";

    long requests() {
        return stats.stream().mapToLong(SoakLoad.Stats::requests).sum();
    }

    long errors() {
        return stats.stream().mapToLong(SoakLoad.Stats::errors).sum();
    }

    boolean passed() {
        return errors() == 0 && lost == 0 && duplicated == 0 && unexpected == 0 && callLogs == distinctRows
                && finals == distinctRows;
    }

    String markdown() {
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append(String.format(Locale.ROOT, "Run at %s on %d cores: `SOAK_WARMUP=%d SOAK_SECONDS=%d SOAK_RATE=%d make soak`; %s; two "
                        + "instances `%s`, each its own JVM with a pool of 4 database connections (`ServerProcess`); "
                        + "%.0f s measured after a %d s warm-up at the same rate. "
                        + "Host load average (1 / 5 / 15 min) %s at the start, %s at the end. **Result: %s.**%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), warmupSeconds, seconds,
                rate, stores, String.join(" ", jvmOptions), elapsed, warmupSeconds, hostLoad.get(0), hostLoad.get(1),
                passed() ? "passed" : "FAILED"));
        md.append("| Endpoint → instance | Requests | Errors | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|\n");
        for (SoakLoad.Stats endpoint : stats) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s |%n", endpoint.name, endpoint.requests(),
                    endpoint.errors(), endpoint.millis(0.50), endpoint.millis(0.99)));
        }
        md.append(String.format(Locale.ROOT, "| **all** | **%d** | **%d** | | |%n%n", requests(), errors()));
        md.append("Latency runs from the moment a request was due (open loop), so queueing in the driver or a server "
                + "falling behind counts. An error is any answer other than 200 with the expected body (the exact CXML "
                + "for routing; for a CDR, `\"duplicate\":true` exactly on re-deliveries) or a failed connection.\n\n");
        errorSamples(md, stats, "");
        long warmupErrors = warmup.stream().mapToLong(SoakLoad.Stats::errors).sum();
        md.append(String.format(Locale.ROOT, "Warm-up (%d s before the table, JVMs and caches cold at its start): %d "
                        + "requests, %d errors.%n%n", warmupSeconds,
                warmup.stream().mapToLong(SoakLoad.Stats::requests).sum(), warmupErrors));
        errorSamples(md, warmup, "warm-up ");
        md.append(memoryTable());
        md.append(String.format(Locale.ROOT, "%nCDR rows, checked in the database after the run (warm-up included): "
                        + "%,d distinct CDRs sent, %,d of them answered 200 in the end, %,d of those only when "
                        + "delivered again after the run, as Cloudonix would after a 503 (each an error above or in the "
                        + "warm-up all the same); %,d re-deliveries of acknowledged CDRs (every tenth CDR, to either "
                        + "instance); %,d rows "
                        + "for %,d distinct call ids. **Lost: %d** (sent, never stored), **duplicated: %d** (rows beyond "
                        + "one per call id), %d rows never sent; %,d call logs and %,d `cdr-final` session updates "
                        + "(one per CDR expected).%n",
                distinctSent, acknowledged, redelivered, redeliveries, distinctRows + duplicated, distinctRows, lost,
                duplicated, unexpected, callLogs, finals));
        md.append(String.format(Locale.ROOT, "%nThe instances logged %d warnings and errors%s%n", serverLog.size(),
                serverLog.isEmpty() ? "." : " (the first ones):"));
        if (!serverLog.isEmpty()) {
            md.append("\n```\n");
            serverLog.stream().limit(12).map(line -> line.length() > 300 ? line.substring(0, 300) + "…" : line)
                    .forEach(line -> md.append(line).append('\n'));
            md.append("```\n");
        }
        return md.append(END).append('\n').toString();
    }

    private static void errorSamples(StringBuilder md, List<SoakLoad.Stats> run, String label) {
        boolean any = false;
        for (SoakLoad.Stats endpoint : run) {
            for (String sample : endpoint.samples()) {
                md.append("- ").append(label).append("error on ").append(endpoint.name).append(": `")
                        .append(sample.replace("`", "'").replace('\n', ' ')).append("`\n");
                any = true;
            }
        }
        if (any) {
            md.append('\n');
        }
    }

    private String memoryTable() {
        StringBuilder md = new StringBuilder("\n### Memory\n\n");
        md.append("Heap in use right after a full GC (`jcmd <pid> GC.run`, then `GC.heap_info`) and resident set "
                + "(`VmRSS`), per instance.\n\n| Instance | Heap after GC, start | Heap after GC, end | RSS start | RSS end |\n"
                + "|---|---|---|---|---|\n");
        SoakMemory.Reading start = memory.first("start");
        SoakMemory.Reading end = memory.first("end");
        for (int i = 0; i < instances.size(); i++) {
            md.append(String.format(Locale.ROOT, "| %s (pid %d) | %s | %s | %s | %s |%n", instances.get(i).name(),
                    instances.get(i).pid(), mb(start.heapKb()[i]), mb(end.heapKb()[i]), mb(start.rssKb()[i]),
                    mb(end.rssKb()[i])));
        }
        md.append("\nResident set through the run (A / B), with the requests answered so far:\n\n"
                + "| t (s) | Requests | Errors | RSS A / B |\n|---|---|---|---|\n");
        for (SoakMemory.Reading reading : memory.readings()) {
            if (reading.label().equals("sample")) {
                md.append(String.format(Locale.ROOT, "| %.0f | %d | %d | %s |%n", reading.atSeconds(), reading.requests(),
                        reading.errors(), SoakMemory.mb(reading.rssKb())));
            }
        }
        return md.toString();
    }

    private static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    /** Replaces the soak section of {@code file} (appends one when it has none; creates the file when absent). */
    void writeInto(Path file) throws IOException {
        String section = markdown();
        String text = Files.exists(file) ? Files.readString(file) : "# Reliability\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + section + text.substring(end + END.length()).replaceFirst("^\n", "");
        } else {
            text = text + (text.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, text);
    }
}
