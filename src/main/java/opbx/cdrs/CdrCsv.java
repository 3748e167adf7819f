package opbx.cdrs;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import opbx.http.Json;
import org.jooq.Field;
import org.jooq.Record;

/**
 * The CSV of control-plane spec §3.12: the columns in order, RFC 4180 quoting, CRLF line ends, and the formula guard
 * that keeps spreadsheets from running a cell (a caller id is chosen by whoever places the call).
 */
public final class CdrCsv {

    /** The exported columns, in the spec's order; the header row is their names. */
    static final List<Field<?>> COLUMNS = List.of(
            CALL_DETAIL_RECORDS.ID,
            CALL_DETAIL_RECORDS.SESSION_TIMESTAMP,
            CALL_DETAIL_RECORDS.FROM,
            CALL_DETAIL_RECORDS.TO,
            CALL_DETAIL_RECORDS.DISPOSITION,
            CALL_DETAIL_RECORDS.DURATION,
            CALL_DETAIL_RECORDS.BILLSEC,
            CALL_DETAIL_RECORDS.CALL_ID,
            CALL_DETAIL_RECORDS.STATUS,
            CALL_DETAIL_RECORDS.DOMAIN,
            CALL_DETAIL_RECORDS.SUBSCRIBER,
            CALL_DETAIL_RECORDS.APPLICATION,
            CALL_DETAIL_RECORDS.ROUTE,
            CALL_DETAIL_RECORDS.RATED_COST,
            CALL_DETAIL_RECORDS.APPROX_COST,
            CALL_DETAIL_RECORDS.SELL_COST,
            CALL_DETAIL_RECORDS.CALL_START_TIME,
            CALL_DETAIL_RECORDS.CALL_ANSWER_TIME,
            CALL_DETAIL_RECORDS.CALL_END_TIME);

    /** The line that ends an export cut at OPBX_EXPORT_MAX_ROWS. */
    static final String TRUNCATED = "# truncated";

    private static final String CRLF = "\r\n";

    /** After a leading + or -, only these make a number rather than a formula: {@code +1 (212) 555-1234}. */
    private static final Pattern SIGNED_NUMBER = Pattern.compile("[+-][0-9 ().-]*");

    private CdrCsv() {
    }

    static void writeHeader(Writer out) throws IOException {
        for (int i = 0; i < COLUMNS.size(); i++) {
            out.write(i == 0 ? "" : ",");
            out.write(COLUMNS.get(i).getName());
        }
        out.write(CRLF);
    }

    static void writeRow(Writer out, Record row) throws IOException {
        for (int i = 0; i < COLUMNS.size(); i++) {
            out.write(i == 0 ? "" : ",");
            out.write(cell(text(row.get(COLUMNS.get(i)))));
        }
        out.write(CRLF);
    }

    static void writeTruncated(Writer out) throws IOException {
        out.write(TRUNCATED);
        out.write(CRLF);
    }

    /** One cell: the formula guard first, then RFC 4180 quoting when the value needs it. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String guarded = formulaLike(value) ? "'" + value : value;
        if (guarded.indexOf('"') >= 0 || guarded.indexOf(',') >= 0 || guarded.indexOf('\r') >= 0
                || guarded.indexOf('\n') >= 0) {
            return '"' + guarded.replace("\"", "\"\"") + '"';
        }
        return guarded;
    }

    private static boolean formulaLike(String value) {
        char first = value.charAt(0);
        if (first == '=' || first == '@' || first == '\t' || first == '\r') {
            return true;
        }
        return (first == '+' || first == '-') && !SIGNED_NUMBER.matcher(value).matches();
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return Json.timestamp(time.toInstant());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
