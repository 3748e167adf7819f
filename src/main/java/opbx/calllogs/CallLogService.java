package opbx.calllogs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.CallLogsRecord;
import opbx.http.ApiException;
import opbx.http.DateRange;
import opbx.http.Page;
import opbx.http.PageRequest;
import org.jooq.DSLContext;

/** Reads call logs with their linked DID, extension and ring group (control-plane spec §3.10). */
public final class CallLogService {

    /** GET /call-logs/active answers at most this many calls. */
    static final int ACTIVE_LIMIT = 100;

    private final DSLContext dsl;
    private final CallLogRepository repository;
    private final ObjectMapper mapper;

    public CallLogService(DSLContext dsl, CallLogRepository repository, ObjectMapper mapper) {
        this.dsl = dsl;
        this.repository = repository;
        this.mapper = mapper;
    }

    public Page<Map<String, Object>> list(long organizationId, CallLogRepository.Filter filter, PageRequest page) {
        List<CallLogsRecord> rows = repository.list(dsl, organizationId, filter, page);
        return Page.of(items(organizationId, rows), repository.total(dsl, organizationId, filter), page);
    }

    public List<Map<String, Object>> active(long organizationId) {
        return items(organizationId, repository.active(dsl, organizationId, ACTIVE_LIMIT));
    }

    public Map<String, Object> show(long organizationId, long id) {
        CallLogsRecord row = repository.find(dsl, organizationId, id).orElseThrow(() -> ApiException.notFound("Call log"));
        return CallLogJson.detail(row, CallLogLinks.load(dsl, organizationId, List.of(row)), mapper);
    }

    public CallLogRepository.Statistics statistics(long organizationId, DateRange range) {
        return repository.statistics(dsl, organizationId, range);
    }

    private List<Map<String, Object>> items(long organizationId, List<CallLogsRecord> rows) {
        CallLogLinks links = CallLogLinks.load(dsl, organizationId, rows);
        return rows.stream().map(row -> CallLogJson.item(row, links)).toList();
    }
}
