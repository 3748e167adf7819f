package opbx.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.classpath.ClassPathResource;

/**
 * The migrations by name, from {@code db/migration/index.txt} (kept beside them; {@code MigrationIndexTest} fails when
 * it and the folder differ): Flyway gets them without walking every entry of the jar at each start.
 */
final class MigrationIndex {

    static final String FOLDER = "db/migration";
    static final String INDEX = FOLDER + "/index.txt";

    private MigrationIndex() {
    }

    /** The file names the index lists, in its order. */
    static List<String> names() {
        try (InputStream in = MigrationIndex.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException(INDEX + " is not on the classpath: rebuild the jar (mvn package)");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResourceProvider resourceProvider() {
        ClassLoader loader = MigrationIndex.class.getClassLoader();
        Location location = new Location("classpath:" + FOLDER);
        List<LoadableResource> resources = names().stream()
                .map(name -> (LoadableResource) new ClassPathResource(location, FOLDER + "/" + name, loader,
                        StandardCharsets.UTF_8))
                .toList();
        return new ResourceProvider() {
            @Override
            public LoadableResource getResource(String name) {
                return resources.stream().filter(resource -> resource.getFilename().equals(name)).findFirst().orElse(null);
            }

            @Override
            public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
                return resources.stream()
                        .filter(resource -> resource.getFilename().startsWith(prefix)
                                && Arrays.stream(suffixes).anyMatch(suffix -> resource.getFilename().endsWith(suffix)))
                        .toList();
            }
        };
    }
}
