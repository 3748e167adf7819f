package opbx.http;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The {@code from_date} / {@code to_date} filters of control-plane spec §0.3: whole local days of the organisation's
 * timezone, turned into the instants {@code [from, toExclusive)}. Either end may be open (null). An unreadable date
 * filters nothing (§0.4: list queries never fail validation).
 */
public record DateRange(OffsetDateTime from, OffsetDateTime toExclusive) {

    /** The range the query names; an absent or unreadable end stays open. */
    public static DateRange of(Context ctx, ZoneId zone) {
        return of(date(ctx.queryParam("from_date")), date(ctx.queryParam("to_date")), zone);
    }

    /** The range the query names, with the given local days where an end is absent or unreadable. */
    public static DateRange of(Context ctx, ZoneId zone, LocalDate defaultFrom, LocalDate defaultTo) {
        LocalDate from = date(ctx.queryParam("from_date"));
        LocalDate to = date(ctx.queryParam("to_date"));
        return of(from == null ? defaultFrom : from, to == null ? defaultTo : to, zone);
    }

    public static DateRange of(LocalDate from, LocalDate to, ZoneId zone) {
        return new DateRange(
                from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
    }

    private static LocalDate date(String value) {
        if (value == null || !value.trim().matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
