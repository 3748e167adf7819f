package opbx.organizations;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** An organisation (tenant), control-plane spec §4.2. {@code defaultCountry} lives in {@code settings}. */
public record Organization(long id, String name, String slug, String status, String timezone, String defaultCountry,
                           OffsetDateTime deletedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static final String DEFAULT_COUNTRY = "US";

    public boolean active() {
        return "active".equals(status) && deletedAt == null;
    }

    /** The {@code organization} object embedded in user and login responses. */
    public Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("slug", slug);
        json.put("status", status);
        json.put("timezone", timezone);
        json.put("default_country", defaultCountry);
        return json;
    }
}
