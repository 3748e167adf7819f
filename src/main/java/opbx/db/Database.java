package opbx.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.util.List;
import javax.sql.DataSource;
import opbx.config.ConfigException;
import opbx.config.DatabaseTarget;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;

/** The connection pool, the migrations and the one {@link DSLContext} every repository is given. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private Database(HikariDataSource dataSource, List<ExecuteListener> listeners) {
        this.dataSource = dataSource;
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(dataSource);
        configuration.set(SQLDialect.POSTGRES);
        configuration.set(listeners.stream().map(DefaultExecuteListenerProvider::new)
                .toArray(DefaultExecuteListenerProvider[]::new));
        this.dsl = DSL.using(configuration);
    }

    /**
     * Opens the pool (failing fast, with a message naming {@code DATABASE_URL}, when PostgreSQL does not answer),
     * then applies the migrations packaged in the jar.
     */
    public static Database open(DatabaseTarget target, int poolSize, List<ExecuteListener> listeners) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("opbx-db");
        hikari.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            hikari.setUsername(target.user());
        }
        if (target.password() != null) {
            hikari.setPassword(target.password());
        }
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(Math.min(2, poolSize));
        // Short: a request waiting on a dead database should fail (503) rather than hang the caller.
        hikari.setConnectionTimeout(3_000);
        hikari.setValidationTimeout(1_000);
        hikari.addDataSourceProperty("connectTimeout", "5");
        hikari.addDataSourceProperty("ApplicationName", "opbx");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw new ConfigException("DATABASE_URL", "cannot connect to " + target.describe() + " ("
                    + rootMessage(e) + "); check that PostgreSQL runs there and that the URL, user and password are right");
        }
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, listeners);
    }

    /**
     * Applies the migrations. They are named in {@code db/migration/index.txt} (the build writes it, and a test checks
     * it against the folder), so Flyway does not walk every entry of the jar to find them at each start.
     */
    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .resourceProvider(MigrationIndex.resourceProvider())
                .load()
                .migrate();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // The driver's message can echo the URL; strip anything that looks like a password parameter.
        return message.replaceAll("(?i)password=[^&\\s]*", "password=***");
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
