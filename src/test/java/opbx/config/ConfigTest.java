package opbx.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaults_mean_embedded_stores_on_port_8080() {
        Config config = Config.fromEnvironment(Map.of());

        assertTrue(config.embeddedDatabase());
        assertTrue(config.redis().isEmpty());
        assertEquals(8080, config.port());
        assertEquals("info", config.logLevel());
        assertEquals(10, config.dbPoolSize());
        assertTrue(config.dataDir().endsWith("data"));
        assertEquals("http://localhost:8080", new CallbackBase(config.publicUrl(), 8080).url());
    }

    @Test
    void a_bad_port_names_the_variable_and_the_fix() {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("PORT", "abc")));

        assertTrue(e.getMessage().startsWith("PORT: "), e.getMessage());
        assertTrue(e.getMessage().contains("0 to 65535"), e.getMessage());
    }

    @Test
    void a_database_url_is_parsed_and_its_password_never_shown() {
        Config config = Config.fromEnvironment(Map.of("DATABASE_URL", "postgres://opbx:s3cret@db.internal:6543/opbx?sslmode=require"));

        DatabaseTarget target = config.database().orElseThrow();
        assertEquals("jdbc:postgresql://db.internal:6543/opbx?sslmode=require", target.jdbcUrl());
        assertEquals("opbx", target.user());
        assertEquals("s3cret", target.password());
        assertFalse(target.toString().contains("s3cret"));
        assertFalse(config.toString().contains("s3cret"));
    }

    @Test
    void a_database_url_that_is_not_postgres_is_refused_without_echoing_it() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("DATABASE_URL", "mysql://root:pw@host/db")));

        assertTrue(e.getMessage().startsWith("DATABASE_URL: "), e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), e.getMessage());
    }

    @Test
    void a_redis_url_with_database_and_password_is_parsed() {
        RedisTarget target = Config.fromEnvironment(Map.of("REDIS_URL", "redis://:pw@cache:6380/3")).redis().orElseThrow();

        assertEquals("cache", target.host());
        assertEquals(6380, target.port());
        assertEquals(3, target.database());
        assertEquals("pw", target.password());
        assertFalse(target.toString().contains("pw"));
    }

    @Test
    void an_app_key_must_be_32_bytes_of_base64() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("OPBX_APP_KEY", "c2hvcnQ=")));

        assertTrue(e.getMessage().startsWith("OPBX_APP_KEY: "), e.getMessage());
        assertTrue(e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
        String key = AppKey.generate().toBase64();
        assertFalse(Config.fromEnvironment(Map.of("OPBX_APP_KEY", key)).toString().contains(key));
    }

    @Test
    void other_bad_values_name_their_variable() {
        assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("OPBX_LOG_LEVEL", "loud")), "OPBX_LOG_LEVEL");
        assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("OPBX_DB_POOL_SIZE", "0")));
        assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("OPBX_PUBLIC_URL", "ftp://x")));
        assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("REDIS_URL", "http://x")));
    }
}
