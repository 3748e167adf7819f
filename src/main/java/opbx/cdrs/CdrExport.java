package opbx.cdrs;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import opbx.http.PageRequest;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Streams the CSV export (control-plane spec §3.12) from a database cursor to the response as rows arrive, so memory
 * stays flat whatever the row count: at most {@code maxRows} rows, then {@code # truncated} when more matched.
 */
public final class CdrExport {

    private final DSLContext dsl;
    private final CdrRepository repository;
    private final int maxRows;

    public CdrExport(DSLContext dsl, CdrRepository repository, int maxRows) {
        this.dsl = dsl;
        this.repository = repository;
        this.maxRows = maxRows;
    }

    /** Writes the whole CSV to {@code out}; the caller has set the headers and closes the stream. */
    public void write(long organizationId, CdrRepository.Filter filter, PageRequest sort, OutputStream out) {
        dsl.transaction(trx -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            CdrCsv.writeHeader(writer);
            // One row beyond the limit tells a cut export from one that had exactly maxRows rows.
            try (Cursor<Record> rows = repository.exportCursor(trx.dsl(), organizationId, filter, sort, maxRows + 1)) {
                int written = 0;
                for (Record row : rows) {
                    if (written == maxRows) {
                        CdrCsv.writeTruncated(writer);
                        break;
                    }
                    CdrCsv.writeRow(writer, row);
                    written++;
                }
            }
            writer.flush();
        });
    }
}
