package opbx.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.config.DatabaseTarget;
import opbx.support.TestApp;
import opbx.support.TestStores;

/**
 * CDR ingestion beside the database's own single-row insert rate: {@code wrk} posts a new CDR on every request
 * (8 connections), and {@code pgbench} inserts rows of the same table's width into a copy of
 * {@code call_detail_records} (its columns and indexes, without the foreign key) with 8 clients on the same
 * PostgreSQL, each one statement in its own transaction: the fastest a durable insert can be there. Rounds
 * interleaved; medians.
 */
final class Ingestion {

    private static final int CLIENTS = 8;
    private static final int SECONDS = 8;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private Ingestion() {
    }

    static String measure(TestApp app, String base, long org) throws Exception {
        String key = Bench.key(app.dsl(), org);
        Path script = Bench.script("cdr.lua");
        app.dsl().execute("CREATE TABLE IF NOT EXISTS bench_insert (LIKE call_detail_records INCLUDING ALL)");
        Path pgbench = pgbenchScript(org);
        List<Wrk.Run> ingest = new ArrayList<>();
        List<Double> inserts = new ArrayList<>();
        Wrk.run(base + "/", CLIENTS, Bench.WARM_UP, script, Map.of("OPBX_BENCH_KEY", key, "OPBX_BENCH_RUN", "1"));
        long before = Bench.rows(app.dsl(), org);
        double insertPostgres = 0;
        double ingestPostgres = 0;
        CpuMeter.Reading ingestCpu = CpuMeter.ZERO;
        long inserted = 0;
        for (int round = 0; round < 3; round++) {
            double start = CpuMeter.postgres();
            inserts.add(pgbench(pgbench));
            inserted += Math.round(inserts.get(round) * SECONDS);
            double middle = CpuMeter.postgres();
            CpuMeter.Reading serverStart = CpuMeter.now();
            ingest.add(Wrk.run(base + "/", CLIENTS, SECONDS, script,
                    Map.of("OPBX_BENCH_KEY", key, "OPBX_BENCH_RUN", String.valueOf(round + 2))));
            ingestCpu = ingestCpu.plus(CpuMeter.now().minus(serverStart));
            insertPostgres += middle - start;
            ingestPostgres += CpuMeter.postgres() - middle;
        }
        long stored = Bench.rows(app.dsl(), org) - before;
        long answered = ingest.stream().mapToLong(Wrk.Run::requests).sum();
        long errors = ingest.stream().mapToLong(Wrk.Run::errors).sum();
        double cdr = Bench.median(ingest, Wrk.Run::rate);
        double insert = Bench.median(inserts, value -> value);
        StringBuilder md = new StringBuilder("## CDR ingestion\n\n");
        md.append(String.format(Locale.ROOT, "`wrk -t2 -c%d` posts a new CDR (call id, session and token) on every request "
                + "(`src/test/resources/bench/cdr.lua`) with the organisation's requests key; `pgbench -c%d -j2` inserts "
                + "one row of the same width per transaction into a copy of `call_detail_records` on the same "
                + "PostgreSQL. Both commit durably (`synchronous_commit` and `fsync` on). After %d s of CDRs to warm up, 3 "
                + "rounds of %d s each, interleaved; medians.%n%n", CLIENTS, CLIENTS, Bench.WARM_UP, SECONDS));
        md.append("| Load | per second | rounds |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| pgbench single-row INSERT | %.0f | %s |%n", insert,
                String.join("/", inserts.stream().map(value -> String.format(Locale.ROOT, "%.0f", value)).toList())));
        md.append(String.format(Locale.ROOT, "| CDR webhook (p99 %.1f ms) | %.0f | %s |%n",
                Bench.median(ingest, Wrk.Run::p99Micros) / 1000.0, cdr,
                String.join("/", ingest.stream().map(run -> String.format(Locale.ROOT, "%.0f", run.rate())).toList())));
        md.append(String.format(Locale.ROOT, "%n**CDR ingestion ÷ single-row INSERT: %.2f×.** %,d CDRs answered in the "
                        + "measured rounds, %d errors; %,d rows stored (at least one per CDR answered: a request still in "
                        + "flight when wrk stops is stored without being counted). Each CDR is one transaction: the CDR "
                        + "row, its call log, the session's `cdr-final` update.%n%n",
                cdr / insert, answered, errors, stored));
        md.append(String.format(Locale.ROOT, "CPU per row (all PostgreSQL processes on the host; the server's JVM; "
                        + "Redis): pgbench INSERT: PostgreSQL %.0f µs. CDR webhook: PostgreSQL %.0f µs, %s. "
                        + "**CPU per CDR ÷ CPU per INSERT: %.2f×.**%n%n",
                insertPostgres * 1e6 / Math.max(1, inserted), ingestPostgres * 1e6 / Math.max(1, answered),
                ingestCpu.perRequest(answered),
                (ingestPostgres * 1e6 / Math.max(1, answered) + ingestCpu.totalMicros(answered))
                        / (insertPostgres * 1e6 / Math.max(1, inserted))));
        return md.toString();
    }

    /** One pgbench round; its transactions per second. */
    private static double pgbench(Path script) throws IOException, InterruptedException {
        DatabaseTarget database = TestStores.get().database();
        URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        List<String> command = List.of("pgbench", "-n", "-c", String.valueOf(CLIENTS), "-j", "2", "-T",
                String.valueOf(SECONDS), "-f", script.toString(), "-h", uri.getHost(), "-p", String.valueOf(uri.getPort()),
                "-U", database.user() == null ? "postgres" : database.user(), uri.getPath().substring(1));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (database.password() != null) {
            builder.environment().put("PGPASSWORD", database.password());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher tps = TPS.matcher(out);
        if (!tps.find()) {
            throw new IOException("unexpected pgbench output: " + out);
        }
        return Double.parseDouble(tps.group(1));
    }

    /** The INSERT pgbench runs: the columns and sizes of the bench's CDRs. */
    private static Path pgbenchScript(long org) throws IOException {
        Path file = Files.createTempFile("opbx-bench-", ".sql");
        file.toFile().deleteOnExit();
        Files.writeString(file, "\\set n random(1, 9000000000000000000)\n"
                + "INSERT INTO bench_insert (organization_id, session_timestamp, session_token, session_id, \"from\", \"to\", "
                + "disposition, duration, billsec, call_id, status, raw_cdr) VALUES (" + org + ", now(), 'bt-' || :n, :n, "
                + "'+12125550199', '1001', 'ANSWERED', 30, 25, 'pg-' || :n || '@10.0.0.1', null, "
                + "jsonb_build_object('call_id', 'pg-' || :n || '@10.0.0.1', 'session', jsonb_build_object('id', :n, "
                + "'token', 'bt-' || :n), 'from', '+12125550199', 'to', '1001', 'disposition', 'ANSWERED', "
                + "'duration', 30, 'billsec', 25)) ON CONFLICT DO NOTHING;\n");
        return file;
    }
}
