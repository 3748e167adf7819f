package opbx.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import opbx.config.Config;
import opbx.config.ConfigException;
import org.junit.jupiter.api.Test;

/** {@code OPBX_METRICS_TOKEN} and {@code OPBX_LOG_FORMAT}: validated at start, the token never printed. */
class ObservabilityConfigTest {

    @Test
    void defaults_are_text_logs_and_no_token() {
        Config config = Config.fromEnvironment(Map.of());

        assertEquals(Config.LogFormat.TEXT, config.observability().logFormat());
        assertTrue(config.observability().metricsToken().isEmpty());
    }

    @Test
    void json_logs_and_a_token_are_read_and_the_token_never_shows() {
        String token = "0123456789abcdef-metrics";
        Config config = Config.fromEnvironment(Map.of("OPBX_LOG_FORMAT", "JSON", "OPBX_METRICS_TOKEN", token));

        assertEquals(Config.LogFormat.JSON, config.observability().logFormat());
        assertTrue(config.observability().metricsToken().orElseThrow().matches(token));
        assertFalse(config.toString().contains(token), "the configuration printed the token");
    }

    @Test
    void a_bad_format_or_a_short_token_stops_the_start_naming_the_variable_and_not_the_value() {
        ConfigException format = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("OPBX_LOG_FORMAT", "xml")));
        ConfigException token = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("OPBX_METRICS_TOKEN", "short-secret")));

        assertTrue(format.getMessage().contains("OPBX_LOG_FORMAT") && format.getMessage().contains("text or json"));
        assertTrue(token.getMessage().contains("OPBX_METRICS_TOKEN"), token.getMessage());
        assertFalse(token.getMessage().contains("short-secret"), "the message printed the token");
    }
}
