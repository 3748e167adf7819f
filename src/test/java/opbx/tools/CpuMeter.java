package opbx.tools;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import opbx.support.TestStores;
import redis.clients.jedis.Jedis;

/**
 * CPU time spent by the server (this JVM) and by Redis over a stretch of load, per request: what bounds throughput on
 * a machine whose cores are all busy. The JVM's figure includes its GC and JIT threads, Redis's its own main thread.
 */
final class CpuMeter {

    /** CPU seconds used so far by the JVM and by Redis. */
    record Reading(double jvm, double redis) {

        Reading minus(Reading earlier) {
            return new Reading(jvm - earlier.jvm, redis - earlier.redis);
        }

        Reading plus(Reading other) {
            return new Reading(jvm + other.jvm, redis + other.redis);
        }

        /** "JVM 41 µs + Redis 12 µs" per request. */
        String perRequest(long requests) {
            double n = Math.max(1, requests);
            return String.format(Locale.ROOT, "JVM %.0f µs + Redis %.0f µs", jvm * 1e6 / n, redis * 1e6 / n);
        }

        double totalMicros(long requests) {
            return (jvm + redis) * 1e6 / Math.max(1, requests);
        }
    }

    static final Reading ZERO = new Reading(0, 0);

    private CpuMeter() {
    }

    /**
     * CPU seconds used so far by the PostgreSQL processes on this host: the live ones, plus what each postmaster has
     * collected from the backends it reaped (pgbench's connections end before the reading after its run).
     */
    static double postgres() {
        double ticks = 0;
        File[] processes = new File("/proc").listFiles((dir, name) -> name.chars().allMatch(Character::isDigit));
        for (File process : processes == null ? new File[0] : processes) {
            String stat;
            try {
                stat = Files.readString(process.toPath().resolve("stat"));
            } catch (IOException e) {
                continue; // it ended meanwhile
            }
            int close = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                continue;
            }
            // After "pid (comm) ": state ppid ... utime(14th field) stime cutime cstime.
            String[] fields = stat.substring(close + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (!"postgres".equals(command(fields[1]))) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
        }
        return ticks / CLOCK_TICKS;
    }

    /** USER_HZ, 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
    private static final double CLOCK_TICKS = 100;

    private static String command(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        } catch (IOException e) {
            return "";
        }
    }

    static Reading now() {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double redis = 0;
        try (Jedis jedis = Bench.jedis(TestStores.get().redis())) {
            for (String line : jedis.info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    redis += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        return new Reading(jvm, redis);
    }
}
