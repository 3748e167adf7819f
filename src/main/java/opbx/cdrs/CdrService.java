package opbx.cdrs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import opbx.http.ApiException;
import opbx.http.DateRange;
import opbx.http.Page;
import opbx.http.PageRequest;
import org.jooq.DSLContext;

/** Reads call detail records (control-plane spec §3.11). */
public final class CdrService {

    private final DSLContext dsl;
    private final CdrRepository repository;
    private final ObjectMapper mapper;

    public CdrService(DSLContext dsl, CdrRepository repository, ObjectMapper mapper) {
        this.dsl = dsl;
        this.repository = repository;
        this.mapper = mapper;
    }

    public Page<Map<String, Object>> list(long organizationId, CdrRepository.Filter filter, PageRequest page,
                                          boolean includeRaw) {
        return Page.of(repository.list(dsl, organizationId, filter, page).stream()
                        .map(row -> CdrJson.item(row, includeRaw, mapper))
                        .toList(),
                repository.total(dsl, organizationId, filter), page);
    }

    public Map<String, Object> show(long organizationId, long id, boolean includeRaw) {
        return repository.find(dsl, organizationId, id)
                .map(row -> CdrJson.item(row, includeRaw, mapper))
                .orElseThrow(() -> ApiException.notFound("Call detail record"));
    }

    public CdrRepository.Statistics statistics(long organizationId, DateRange range) {
        return repository.statistics(dsl, organizationId, range);
    }
}
