package opbx.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** OPBX_EXPORT_MAX_ROWS bounds one CDR CSV export (control-plane spec §3.12). */
class ExportMaxRowsConfigTest {

    @Test
    void the_default_is_one_million_rows() {
        assertEquals(1_000_000, Config.fromEnvironment(Map.of()).exportMaxRows());
        assertEquals(10, Config.fromEnvironment(Map.of("OPBX_EXPORT_MAX_ROWS", "10")).exportMaxRows());
    }

    @Test
    void zero_or_a_word_names_the_variable_and_the_range() {
        for (String value : new String[] {"0", "lots"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.fromEnvironment(Map.of("OPBX_EXPORT_MAX_ROWS", value)));
            assertTrue(e.getMessage().startsWith("OPBX_EXPORT_MAX_ROWS: "), e.getMessage());
            assertTrue(e.getMessage().contains("1 to 100000000"), e.getMessage());
        }
    }
}
