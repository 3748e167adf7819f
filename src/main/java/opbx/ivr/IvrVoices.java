package opbx.ivr;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;

import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.http.ApiException;
import org.jooq.DSLContext;

/**
 * The Cloudonix TTS voice catalogue of GET /ivr-menus/voices (control-plane spec §3.6). Until the Cloudonix REST
 * client exists (§6), a configured organisation gets the "unavailable" answer the spec gives for a failing Cloudonix;
 * the SPA falls back to its built-in voices on any error.
 */
public final class IvrVoices {

    static final List<String> TROUBLESHOOTING = List.of(
            "Ask the organization owner to open Settings > Cloudonix and enter the domain UUID and the domain API key.",
            "Use \"Validate\" on the Cloudonix settings page to check that the credentials are accepted.",
            "Until Cloudonix is configured, menus can still use any voice id (such as AWS:Joanna) or an audio file URL.");

    private final DSLContext dsl;

    public IvrVoices(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Map<String, Object> list(Caller caller) {
        if (!configured(caller.organizationId())) {
            throw new ApiException(503, "CLOUDONIX_NOT_CONFIGURED", "Cloudonix settings not configured for your organization.",
                    Map.of("troubleshooting", TROUBLESHOOTING));
        }
        throw new ApiException(502, "CLOUDONIX_UNAVAILABLE", "Cloudonix could not be reached. Please try again later.");
    }

    /** Configured = the organisation's settings row holds both the domain UUID and the domain API key. */
    private boolean configured(long organizationId) {
        return dsl.fetchExists(CLOUDONIX_SETTINGS, CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(organizationId)
                .and(CLOUDONIX_SETTINGS.DOMAIN_UUID.isNotNull())
                .and(CLOUDONIX_SETTINGS.DOMAIN_API_KEY.isNotNull())
                .and(CLOUDONIX_SETTINGS.DOMAIN_API_KEY.ne("")));
    }
}
