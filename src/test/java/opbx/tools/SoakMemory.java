package opbx.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import opbx.support.ServerProcess;

/**
 * The memory of the soak's instances, read from outside without anything new in the product: the heap in use right
 * after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}) at start and end, and the resident set
 * ({@code VmRSS} of {@code /proc/<pid>/status}) sampled through the run.
 */
final class SoakMemory {

    /** One instance: its name in the report, the process, its pid. */
    record Instance(String name, ServerProcess server, long pid) {
    }

    /** One reading of every instance; {@code heapKb} is -1 when only the resident set was read. */
    record Reading(String label, double atSeconds, long[] heapKb, long[] rssKb, long requests, long errors) {
    }

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final List<Instance> instances;
    private final List<Reading> readings = new ArrayList<>();
    private final long started = System.nanoTime();

    SoakMemory(List<Instance> instances) {
        this.instances = instances;
    }

    /** The pids of this JVM's child processes now. */
    static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The one child started since {@code before} was taken. */
    static long newChild(Set<Long> before) {
        List<Long> fresh = ProcessHandle.current().children().map(ProcessHandle::pid).filter(p -> !before.contains(p)).toList();
        if (fresh.size() != 1) {
            throw new IllegalStateException("expected one new server process, found " + fresh);
        }
        return fresh.get(0);
    }

    /** Heap after a full GC and resident set of every instance. */
    synchronized void measure(String label) {
        long[] heap = new long[instances.size()];
        long[] rss = new long[instances.size()];
        for (int i = 0; i < instances.size(); i++) {
            heap[i] = heapAfterGcKb(instances.get(i).pid());
            rss[i] = rssKb(instances.get(i).pid());
        }
        readings.add(new Reading(label, seconds(), heap, rss, -1, -1));
    }

    /** A daemon thread that reads the resident sets and the load's progress every {@code period}, until interrupted. */
    Thread sampleEvery(Duration period, Supplier<long[]> progress) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                long[] rss = instances.stream().mapToLong(i -> rssKb(i.pid())).toArray();
                long[] now = progress.get();
                synchronized (this) {
                    readings.add(new Reading("sample", seconds(), null, rss, now[0], now[1]));
                }
                Soak.log("%.0f s: %d requests, %d errors, RSS %s", seconds(), now[0], now[1], mb(rss));
            }
        }, "soak-memory");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    synchronized List<Reading> readings() {
        return List.copyOf(readings);
    }

    synchronized Reading first(String label) {
        return readings.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow();
    }

    synchronized String last() {
        Reading reading = readings.get(readings.size() - 1);
        return "heap after GC " + mb(reading.heapKb()) + ", RSS " + mb(reading.rssKb());
    }

    static String mb(long[] kb) {
        if (kb == null) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (long value : kb) {
            parts.add(value < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", value / 1024.0));
        }
        return String.join(" / ", parts);
    }

    /** The host's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}); "?" when unreadable. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private static long heapAfterGcKb(long pid) {
        jcmd(pid, "GC.run");
        Matcher matcher = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process is gone: reported as unknown.
        }
        return -1;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String program = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        try {
            Process process = new ProcessBuilder(program, String.valueOf(pid), command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
