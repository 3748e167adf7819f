package opbx.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code db/migration/index.txt} names every migration of the folder, and nothing else: Flyway reads only it. */
class MigrationIndexTest {

    @Test
    void the_index_lists_exactly_the_migrations_of_the_folder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("db", "migration"))) {
            List<String> folder = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".sql")).sorted().toList();
            assertEquals(folder, MigrationIndex.names().stream().sorted().toList(),
                    "add the new migration to db/migration/index.txt");
        }
    }
}
