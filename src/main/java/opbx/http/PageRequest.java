package opbx.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * List parameters of control-plane spec §0.4, parsed leniently: list queries never fail validation. {@code page}
 * below 1 or non-numeric is 1; {@code per_page} is clamped to 1..max; sort field from {@code sort_by} else
 * {@code sort}, direction from {@code sort_order} else {@code sort_direction} else {@code order}; a field outside the
 * allow-list or a bad direction falls back to the default.
 */
public record PageRequest(int page, int perPage, String sortField, boolean ascending, Optional<String> search) {

    private static final int MAX_SEARCH = 100;

    public long offset() {
        return (long) (page - 1) * perPage;
    }

    public static PageRequest from(Context ctx, int defaultPerPage, int maxPerPage,
                                   Iterable<String> sortable, String defaultSort, boolean defaultAscending) {
        int page = Math.max(1, parse(ctx.queryParam("page"), 1));
        int perPage = Math.min(maxPerPage, Math.max(1, parse(ctx.queryParam("per_page"), defaultPerPage)));
        String field = first(ctx, "sort_by", "sort");
        String direction = first(ctx, "sort_order", "sort_direction", "order");
        boolean known = false;
        for (String allowed : sortable) {
            known |= allowed.equals(field);
        }
        String sortField = known ? field : defaultSort;
        boolean ascending = defaultAscending;
        if (direction != null) {
            String lower = direction.toLowerCase(Locale.ROOT);
            if (lower.equals("asc") || lower.equals("desc")) {
                ascending = lower.equals("asc");
            }
        }
        return new PageRequest(page, perPage, sortField, ascending, search(ctx));
    }

    /** A query filter value restricted to an allowed set; empty and unknown values filter nothing. */
    public static Optional<String> filter(Context ctx, String name, Set<String> allowed) {
        String value = ctx.queryParam(name);
        return value != null && allowed.contains(value.trim()) ? Optional.of(value.trim()) : Optional.empty();
    }

    /** {@code %term%} for ILIKE with the wildcard characters of the term escaped. */
    public static String likePattern(String term) {
        return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Optional<String> search(Context ctx) {
        String raw = ctx.queryParam("search");
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String trimmed = raw.replace("\u0000", "").trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(trimmed.length() > MAX_SEARCH ? trimmed.substring(0, MAX_SEARCH) : trimmed);
    }

    private static String first(Context ctx, String... names) {
        for (String name : names) {
            String value = ctx.queryParam(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** A non-negative integer; digits beyond int range count as the largest value (then clamped). */
    private static int parse(String value, int fallback) {
        if (value == null || !value.trim().matches("[0-9]+")) {
            return fallback;
        }
        String digits = value.trim().replaceFirst("^0+(?=.)", "");
        return digits.length() > 9 ? 1_000_000_000 : Integer.parseInt(digits);
    }

    /** The column (or expression) of the chosen sort field. */
    public <T> T sortColumn(Map<String, T> columns) {
        return columns.get(sortField);
    }
}
