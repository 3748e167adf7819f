package opbx.calllogs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import opbx.db.gen.tables.records.CallLogsRecord;

/** The call-log item of control-plane spec §3.10. */
final class CallLogJson {

    private CallLogJson() {
    }

    static Map<String, Object> item(CallLogsRecord row, CallLogLinks links) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.getId());
        json.put("organization_id", row.getOrganizationId());
        json.put("call_id", row.getCallId());
        json.put("session_id", row.getSessionId());
        json.put("direction", row.getDirection());
        json.put("from_number", row.getFromNumber());
        json.put("to_number", row.getToNumber());
        json.put("did_id", row.getDidId());
        json.put("extension_id", row.getExtensionId());
        json.put("ring_group_id", row.getRingGroupId());
        json.put("status", row.getStatus());
        json.put("hangup_cause", row.getHangupCause());
        json.put("initiated_at", row.getInitiatedAt());
        json.put("answered_at", row.getAnsweredAt());
        json.put("ended_at", row.getEndedAt());
        json.put("duration", row.getDuration());
        json.put("recording_url", row.getRecordingUrl());
        json.put("created_at", row.getCreatedAt());
        json.put("updated_at", row.getUpdatedAt());
        json.put("did_number", links.didNumber(row.getDidId()));
        json.put("extension", links.extension(row.getExtensionId()));
        json.put("ring_group", links.ringGroup(row.getRingGroupId()));
        return json;
    }

    /** The show answer adds the stored Cloudonix CDR (null until the call's CDR arrived). */
    static Map<String, Object> detail(CallLogsRecord row, CallLogLinks links, ObjectMapper mapper) {
        Map<String, Object> json = item(row, links);
        try {
            json.put("cloudonix_cdr", row.getCloudonixCdr() == null ? null : mapper.readTree(row.getCloudonixCdr().data()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json;
    }
}
