package opbx.cdrs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import opbx.db.gen.tables.records.CallDetailRecordsRecord;

/** The CDR item of control-plane spec §3.11. */
final class CdrJson {

    private CdrJson() {
    }

    static Map<String, Object> item(CallDetailRecordsRecord row, boolean includeRaw, ObjectMapper mapper) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.getId());
        json.put("organization_id", row.getOrganizationId());
        json.put("session_timestamp", row.getSessionTimestamp());
        json.put("session_token", row.getSessionToken());
        json.put("session_id", row.getSessionId());
        json.put("from", row.getFrom());
        json.put("to", row.getTo());
        json.put("disposition", row.getDisposition());
        json.put("duration", row.getDuration());
        json.put("duration_formatted", minutesSeconds(row.getDuration()));
        json.put("billsec", row.getBillsec());
        json.put("billsec_formatted", minutesSeconds(row.getBillsec()));
        json.put("call_id", row.getCallId());
        json.put("call_start_time", row.getCallStartTime());
        json.put("call_end_time", row.getCallEndTime());
        json.put("call_answer_time", row.getCallAnswerTime());
        json.put("status", row.getStatus());
        json.put("domain", row.getDomain());
        json.put("subscriber", row.getSubscriber());
        json.put("cx_trunk_id", row.getCxTrunkId());
        json.put("application", row.getApplication());
        json.put("route", row.getRoute());
        json.put("vapp_server", row.getVappServer());
        json.put("rated_cost", number(row.getRatedCost()));
        json.put("approx_cost", number(row.getApproxCost()));
        json.put("sell_cost", number(row.getSellCost()));
        json.put("recording_url", row.getRecordingUrl());
        json.put("created_at", row.getCreatedAt());
        json.put("updated_at", row.getUpdatedAt());
        if (includeRaw) {
            try {
                json.put("raw_cdr", mapper.readTree(row.getRawCdr().data()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return json;
    }

    /** {@code MM:SS} with the minutes not capped: 4503 s is {@code 75:03}. */
    static String minutesSeconds(int seconds) {
        return String.format("%02d:%02d", seconds / 60, seconds % 60);
    }

    /** A plain JSON number (0.42, not "0.4200"); null stays null, zero stays zero. */
    static Double number(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }
}
