package opbx.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One clock: every time the product reads (token expiry, business hours, rate limits, pacing, the request log) comes
 * from the {@code Clock} the wiring passes down, so tests can pin it and N instances agree on what it is. The only
 * place that reads the system clock is the wiring's default ({@code OpbxServer.Options.defaults()}). Durations
 * measured with {@code System.nanoTime()} are not clock reads. Rows' {@code created_at}/{@code updated_at} are the
 * database's {@code now()}.
 */
class OneClockTest {

    private static final Pattern CLOCK_READ = Pattern.compile(
            "\\b(Instant|OffsetDateTime|LocalDate|LocalDateTime|ZonedDateTime|LocalTime|Year|YearMonth)\\.now\\(\\)"
                    + "|Clock\\.system(UTC|DefaultZone)\\(\\)|System\\.currentTimeMillis\\(\\)|new Date\\(\\)");
    private static final Path WIRING = Path.of("src/main/java/opbx/app/OpbxServer.java");

    @Test
    void no_code_outside_the_wiring_reads_the_system_clock() throws IOException {
        List<String> reads = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (CLOCK_READ.matcher(lines.get(i)).find() && !lines.get(i).trim().startsWith("*")
                            && !lines.get(i).trim().startsWith("//")) {
                        reads.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        reads.removeIf(read -> read.startsWith(WIRING + ":") && read.contains("return new Options("));
        assertEquals(List.of(), reads, "read the injected Clock instead");
    }
}
