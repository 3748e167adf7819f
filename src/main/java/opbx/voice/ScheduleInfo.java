package opbx.voice;

import opbx.businesshours.ScheduleData;

/** A business-hours schedule as routing reads it ({@code opbx:{o}:bh:{id}}): its actions and its time rules. */
public record ScheduleInfo(long id, String name, String status, String timezone, String openType, String openTarget, String closedType,
                           String closedTarget, ScheduleData data) {
}
