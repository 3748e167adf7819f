package opbx.cloudonix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import opbx.config.Config;
import opbx.config.ConfigException;
import org.junit.jupiter.api.Test;

/** CLOUDONIX_API_BASE_URL and the two timeouts (control-plane spec §6.1, §6.2). */
class CloudonixConfigTest {

    @Test
    void defaults_are_the_public_api_three_seconds_to_connect_and_ten_per_request() {
        Config.Cloudonix cloudonix = Config.fromEnvironment(Map.of()).cloudonix();
        assertEquals("https://api.cloudonix.io", cloudonix.baseUrl());
        assertEquals(3000, cloudonix.connectTimeoutMs());
        assertEquals(10_000, cloudonix.timeoutMs());
    }

    @Test
    void a_local_base_url_loses_its_trailing_slash() {
        Config.Cloudonix cloudonix = Config.fromEnvironment(Map.of(
                "CLOUDONIX_API_BASE_URL", "http://127.0.0.1:4567/",
                "CLOUDONIX_CONNECT_TIMEOUT_MS", "500",
                "CLOUDONIX_TIMEOUT_MS", "750")).cloudonix();
        assertEquals("http://127.0.0.1:4567", cloudonix.baseUrl());
        assertEquals(500, cloudonix.connectTimeoutMs());
        assertEquals(750, cloudonix.timeoutMs());
    }

    @Test
    void a_base_url_that_is_not_http_names_the_variable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("CLOUDONIX_API_BASE_URL", "ftp://api.cloudonix.io")));
        assertTrue(e.getMessage().startsWith("CLOUDONIX_API_BASE_URL: "), e.getMessage());
    }

    @Test
    void a_zero_timeout_names_the_variable_and_the_range() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("CLOUDONIX_TIMEOUT_MS", "0")));
        assertTrue(e.getMessage().startsWith("CLOUDONIX_TIMEOUT_MS: "), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 300000"), e.getMessage());
    }
}
