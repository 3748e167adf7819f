package opbx.whitelist;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** An outbound whitelist row (control-plane spec §3.7, §4.2). */
public record WhitelistEntry(long id, long organizationId, OutboundWhitelistRepository.Values values,
                             OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** The response object of §3.7. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("organization_id", organizationId);
        json.putAll(fields(values));
        json.put("created_at", createdAt);
        json.put("updated_at", updatedAt);
        return json;
    }

    /** The writable fields by their wire names; the audit log reads them too. */
    static Map<String, Object> fields(OutboundWhitelistRepository.Values values) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", values.name());
        json.put("destination_country", values.destinationCountry());
        json.put("destination_prefix", values.destinationPrefix());
        json.put("outbound_trunk_name", values.outboundTrunkName());
        return json;
    }
}
