package opbx.cdrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CSV cells of control-plane spec §3.12: RFC 4180 quoting and the formula guard. */
class CdrCsvTest {

    @Test
    void plain_values_are_written_as_they_are() {
        assertEquals("ANSWERED", CdrCsv.cell("ANSWERED"));
        assertEquals("", CdrCsv.cell(null));
        assertEquals("", CdrCsv.cell(""));
    }

    @Test
    void commas_quotes_and_line_breaks_are_quoted_with_doubled_quotes() {
        assertEquals("\"Smith, John\"", CdrCsv.cell("Smith, John"));
        assertEquals("\"say \"\"hi\"\"\"", CdrCsv.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", CdrCsv.cell("two\nlines"));
    }

    @Test
    void cells_a_spreadsheet_would_run_as_formulas_are_prefixed_with_a_quote() {
        assertEquals("'=1+1", CdrCsv.cell("=1+1"));
        assertEquals("'@SUM(A1)", CdrCsv.cell("@SUM(A1)"));
        assertEquals("'\tx", CdrCsv.cell("\tx"));
        assertEquals("\"'\rx\"", CdrCsv.cell("\rx"), "prefixed, then quoted for the carriage return");
        assertEquals("'+cmd|' /C calc'!A0", CdrCsv.cell("+cmd|' /C calc'!A0"));
        assertEquals("'-2+3", CdrCsv.cell("-2+3"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", CdrCsv.cell("=HYPERLINK(\"http://x\",\"y\")"));
    }

    @Test
    void phone_numbers_and_negative_numbers_are_left_alone() {
        assertEquals("+12125551234", CdrCsv.cell("+12125551234"));
        assertEquals("+1 (212) 555-1234", CdrCsv.cell("+1 (212) 555-1234"));
        assertEquals("-0.5", CdrCsv.cell("-0.5"));
    }
}
