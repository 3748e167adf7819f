package opbx.businesshours;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.http.Fields;

/**
 * Reads the {@code schedule} and {@code exceptions} of a business-hours body (control-plane spec §3.8). Both are
 * replaced as a whole when present; client-generated {@code id} fields inside are ignored.
 */
final class TimeRulesInput {

    static final int MAX_RANGES = 12;
    static final int MAX_EXCEPTIONS = 100;
    static final Set<String> EXCEPTION_TYPES = Set.of("closed", "special_hours");
    static final Set<String> RECURRENCES = Set.of("once", "yearly");
    private static final int MINUTES_PER_DAY = 24 * 60;

    private TimeRulesInput() {
    }

    /**
     * The week: a missing day is disabled, a disabled day's ranges are discarded, an enabled day needs 1..12 ranges
     * that do not overlap (an end at or before the start runs past midnight into the next day).
     */
    static Map<DayOfWeek, ScheduleData.Day> week(Fields fields) {
        Map<DayOfWeek, ScheduleData.Day> week = new EnumMap<>(DayOfWeek.class);
        ObjectNode schedule = fields.object("schedule", true);
        if (schedule == null) {
            return week;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            String name = BusinessHours.dayName(day);
            String path = "schedule." + name;
            JsonNode node = schedule.get(name);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.isObject()) {
                fields.add(path, "The " + Fields.label(path) + " must be an object.");
                continue;
            }
            Boolean enabled = NestedFields.bool(fields, node, "enabled", path + ".enabled", true);
            if (enabled == null) {
                continue;
            }
            if (!enabled) {
                week.put(day, new ScheduleData.Day(false, List.of()));
                continue;
            }
            ArrayNode array = NestedFields.array(fields, node, "time_ranges", path + ".time_ranges");
            if (fields.failed(path + ".time_ranges")) {
                continue;
            }
            if (array == null || array.isEmpty()) {
                fields.add(path, "An enabled day must have at least one time range.");
                continue;
            }
            List<ScheduleData.TimeRange> ranges = ranges(fields, array, path + ".time_ranges");
            if (ranges != null && noOverlaps(fields, ranges, path + ".time_ranges")) {
                week.put(day, new ScheduleData.Day(true, ranges));
            }
        }
        return week;
    }

    /**
     * The exceptions; a later one with the date of an earlier one is dropped silently (the SPA's holiday import can
     * produce them).
     */
    static List<BusinessHoursRepository.NewException> exceptions(Fields fields) {
        ArrayNode array = fields.array("exceptions", false);
        if (array == null) {
            return List.of();
        }
        if (array.size() > MAX_EXCEPTIONS) {
            fields.add("exceptions", "The exceptions must not have more than " + MAX_EXCEPTIONS + " items.");
            return List.of();
        }
        List<BusinessHoursRepository.NewException> exceptions = new ArrayList<>();
        Set<LocalDate> dates = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "exceptions." + i;
            JsonNode element = array.get(i);
            if (!element.isObject()) {
                fields.add(path, "The " + path + " must be an object.");
                continue;
            }
            LocalDate date = NestedFields.date(fields, element, "date", path + ".date");
            String name = NestedFields.string(fields, element, "name", path + ".name", true, 1, 255);
            String type = NestedFields.oneOf(fields, element, "type", path + ".type", true, EXCEPTION_TYPES);
            String recurrence = recurrence(fields, element, path);
            List<ScheduleData.TimeRange> ranges = exceptionRanges(fields, element, path + ".time_ranges", type);
            if (date != null && name != null && type != null && recurrence != null && ranges != null && dates.add(date)) {
                exceptions.add(new BusinessHoursRepository.NewException(date, name, type, recurrence, ranges));
            }
        }
        return exceptions;
    }

    /** {@code recurrence} ({@code once} by default, or {@code yearly}), or its alias {@code recurring: true/false}. */
    private static String recurrence(Fields fields, JsonNode element, String path) {
        if (!NestedFields.absent(element.get("recurrence"))) {
            return NestedFields.oneOf(fields, element, "recurrence", path + ".recurrence", true, RECURRENCES);
        }
        if (element.hasNonNull("recurring")) {
            Boolean recurring = NestedFields.bool(fields, element, "recurring", path + ".recurring", true);
            return recurring == null ? null : recurring ? "yearly" : "once";
        }
        return "once";
    }

    /** {@code special_hours} needs 1..12 ranges (an end at or before the start runs to midnight); {@code closed} none. */
    private static List<ScheduleData.TimeRange> exceptionRanges(Fields fields, JsonNode element, String path, String type) {
        ArrayNode array = NestedFields.array(fields, element, "time_ranges", path);
        if (fields.failed(path) || type == null) {
            return null;
        }
        if (type.equals("closed")) {
            if (array != null && !array.isEmpty()) {
                fields.add(path, "The " + path + " must be empty when the type is closed.");
                return null;
            }
            return List.of();
        }
        if (array == null || array.isEmpty()) {
            fields.add(path, "The " + path + " field is required.");
            return null;
        }
        return ranges(fields, array, path);
    }

    /** 1..12 ranges of {@code HH:mm} times; null when any failed. */
    private static List<ScheduleData.TimeRange> ranges(Fields fields, ArrayNode array, String path) {
        if (array.size() > MAX_RANGES) {
            fields.add(path, "The " + Fields.label(path) + " must not have more than " + MAX_RANGES + " items.");
            return null;
        }
        List<ScheduleData.TimeRange> ranges = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < array.size(); i++) {
            String element = path + "." + i;
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                fields.add(element, "The " + element + " must be an object.");
                valid = false;
                continue;
            }
            LocalTime start = NestedFields.time(fields, node, "start_time", element + ".start_time");
            LocalTime end = NestedFields.time(fields, node, "end_time", element + ".end_time");
            if (start == null || end == null) {
                valid = false;
                continue;
            }
            ranges.add(new ScheduleData.TimeRange(start, end));
        }
        return valid ? ranges : null;
    }

    /**
     * Ranges of one day must not overlap. Each covers minutes {@code [start, end)} from that day's midnight, an
     * overnight one ending on the next day ({@code start = end} is 24 hours).
     */
    private static boolean noOverlaps(Fields fields, List<ScheduleData.TimeRange> ranges, String path) {
        boolean valid = true;
        for (int j = 1; j < ranges.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (minutes(ranges.get(i))[0] < minutes(ranges.get(j))[1]
                        && minutes(ranges.get(j))[0] < minutes(ranges.get(i))[1]) {
                    String element = path + "." + j;
                    fields.add(element + ".start_time", "The " + element + " overlaps " + path + "." + i + ".");
                    valid = false;
                    break;
                }
            }
        }
        return valid;
    }

    private static int[] minutes(ScheduleData.TimeRange range) {
        int start = range.start().getHour() * 60 + range.start().getMinute();
        int end = range.end().getHour() * 60 + range.end().getMinute();
        return new int[] {start, range.overnight() ? end + MINUTES_PER_DAY : end};
    }
}
