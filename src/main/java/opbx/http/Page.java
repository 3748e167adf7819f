package opbx.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The list envelope of control-plane spec §0.4: {@code {"data":[...],"meta":{...}}}. */
public record Page<T>(List<T> data, Map<String, Object> meta) {

    public static <T> Page<T> of(List<T> data, long total, PageRequest request) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("current_page", request.page());
        meta.put("per_page", request.perPage());
        meta.put("total", total);
        meta.put("last_page", Math.max(1, (total + request.perPage() - 1) / request.perPage()));
        meta.put("from", data.isEmpty() ? null : request.offset() + 1);
        meta.put("to", data.isEmpty() ? null : request.offset() + data.size());
        return new Page<>(data, meta);
    }
}
