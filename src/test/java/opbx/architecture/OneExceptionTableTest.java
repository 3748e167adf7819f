package opbx.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Errors become answers in one place: handlers throw ({@code ApiException}, {@code ProtocolAnswer},
 * {@code RateLimited}) and {@code opbx.app.ExceptionTable} answers, per route family. No other class registers an
 * exception handler or writes an error status itself.
 */
class OneExceptionTableTest {

    private static final Pattern ERROR_ANSWER = Pattern.compile("\\.status\\((4|5)[0-9][0-9]\\)|\\.exception\\(");
    private static final Set<String> ALLOWED = Set.of("src/main/java/opbx/app/ExceptionTable.java");

    @Test
    void only_the_exception_table_turns_errors_into_answers() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                if (ALLOWED.contains(file.toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (ERROR_ANSWER.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "throw instead: the exception table answers in the route family's format");
    }
}
