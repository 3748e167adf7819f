package opbx.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import opbx.config.AppKey;
import opbx.infra.FreePort;
import opbx.support.TestApp;
import opbx.support.TestStores;

/**
 * Cold start, each in a fresh JVM: the OpBX jar on the bench's (already migrated) stores until {@code /api/health}
 * answers 200, beside a hello-world Javalin server on the same JVM and classpath until {@code /} answers; rounds
 * interleaved, medians. The embedded mode's start (a new data folder, then again on it) is reported apart: it
 * starts a PostgreSQL of its own.
 */
final class ColdStart {

    private static final int ROUNDS = 3;

    private ColdStart() {
    }

    static String measure() throws Exception {
        Path jar = Path.of("target", "opbx.jar");
        StringBuilder md = new StringBuilder("## Cold start\n\n");
        if (!Files.exists(jar)) {
            return md.append("`target/opbx.jar` is missing (`make jar`): not measured.\n\n").toString();
        }
        Map<String, String> external = new HashMap<>();
        external.put("DATABASE_URL", TestApp.jdbcUrlWithCredentials(TestStores.get().database()));
        external.put("REDIS_URL", TestApp.redisUrl(TestStores.get().redis()));
        external.put("OPBX_APP_KEY", AppKey.generate().toBase64());
        List<Double> hello = new ArrayList<>();
        List<Double> opbx = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        Path archive = Path.of("target", "opbx.jsa");
        List<String> withArchive = List.of(Bench.java(), "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-jar",
                jar.toString());
        for (int round = 0; round < ROUNDS; round++) {
            hello.add(time(List.of(Bench.java(), "-cp", System.getProperty("java.class.path"),
                    HelloJavalin.class.getName()), Map.of(), "/", true));
            opbx.add(time(withArchive, external, "/api/health", false));
            plain.add(time(List.of(Bench.java(), "-jar", jar.toString()), external, "/api/health", false));
        }
        Path data = Files.createTempDirectory("opbx-bench-embedded");
        Map<String, String> embedded = Map.of("OPBX_DATA_DIR", data.toString(), "OPBX_DEMO_BOOTSTRAP", "false");
        double first = time(withArchive, embedded, "/api/health", false);
        double again = time(withArchive, embedded, "/api/health", false);
        double h = Bench.median(hello, value -> value);
        double o = Bench.median(opbx, value -> value);
        md.append(String.format(Locale.ROOT, "From process start to the first 200, %d rounds interleaved, medians. OpBX "
                        + "starts as `make run` starts it, with the class-data archive `make` trains once per jar "
                        + "(`-XX:SharedArchiveFile=target/opbx.jsa -Xshare:auto`); without it for comparison (%s).%n%n"
                        + "| Process | Start (s) | rounds |%n|---|---|---|%n"
                        + "| hello-world Javalin (same JVM, classpath) | %.2f | %s |%n"
                        + "| OpBX jar, external stores, migrated | %.2f | %s |%n"
                        + "| the same without the archive | %.2f | %s |%n"
                        + "| OpBX jar, embedded stores, new data folder | %.2f | |%n"
                        + "| the same, existing data folder | %.2f | |%n%n"
                        + "**OpBX on external stores ÷ hello-world: %.2f×** (%.2f× without the archive).%n%n",
                ROUNDS, Files.exists(archive) ? "the archive is there" : "**the archive is missing**", h, join(hello), o,
                join(opbx), Bench.median(plain, value -> value), join(plain), first, again, o / h,
                Bench.median(plain, value -> value) / h));
        return md.toString();
    }

    private static String join(List<Double> values) {
        return String.join("/", values.stream().map(value -> String.format(Locale.ROOT, "%.2f", value)).toList());
    }

    /** Seconds from starting the command until {@code path} answers 200 on its port; the process is then stopped. */
    private static double time(List<String> command, Map<String, String> env, String path, boolean portArgument)
            throws IOException, InterruptedException {
        int port = FreePort.find();
        List<String> full = new ArrayList<>(command);
        if (portArgument) {
            full.add(String.valueOf(port));
        }
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("OPBX_") || name.equals("DATABASE_URL")
                || name.equals("REDIS_URL"));
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("OPBX_LOG_LEVEL", "warn");
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            String url = "http://127.0.0.1:" + port + path;
            long deadline = started + 120_000_000_000L;
            while (!Bench.ok(url)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(full + " did not answer " + path);
                }
                Thread.sleep(10);
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            process.destroy();
            process.waitFor();
        }
    }
}
