package opbx.tools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Regenerates jooq-gen/ from db/migration with no external database: an embedded PostgreSQL in a temporary folder,
 * Flyway, then jOOQ's generator. Run by {@code make jooq} (into jooq-gen/) and {@code make check-jooq} (into a
 * temporary folder that is compared with the committed one). Launched as a single source file so it never needs the
 * main code, which itself depends on the generated classes, to compile.
 *
 * <p>Usage: {@code JooqCodegen <migrations dir> <output dir>}
 */
public final class JooqCodegen {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JooqCodegen <migrations dir> <output dir>");
            System.exit(2);
        }
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(output);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();
            GenerationTool.generate(configuration(postgres.getJdbcUrl("postgres", "postgres"), output));
        }
    }

    private static Configuration configuration(String jdbcUrl, Path output) {
        return new Configuration()
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(jdbcUrl)
                        .withUser("postgres"))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withExcludes("flyway_schema_history")
                                // PostgreSQL inet has no JDBC type: carried as a String, bound with an ::inet cast.
                                .withForcedTypes(new ForcedType()
                                        .withUserType("java.lang.String")
                                        .withBinding("opbx.db.InetBinding")
                                        .withIncludeTypes("inet")))
                        .withGenerate(new Generate()
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withGeneratedAnnotation(false)
                                // Navigation methods only in the to-one direction: the composite tenant keys make
                                // the to-many names ambiguous, and repositories write their joins explicitly.
                                .withImplicitJoinPathsToMany(false)
                                .withSequences(true)
                                .withIndexes(true))
                        .withTarget(new Target()
                                .withPackageName("opbx.db.gen")
                                .withDirectory(output.toString())
                                .withClean(true)));
    }
}
