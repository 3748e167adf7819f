package opbx.ivr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.access.Caller;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.Pace;
import opbx.http.ApiException;
import opbx.settings.CloudonixAccounts;
import opbx.settings.CloudonixCache;

/**
 * The Cloudonix TTS voice catalogue of GET /ivr-menus/voices (control-plane spec §3.6), cached 1 h per organisation
 * (§6.2). The SPA falls back to its built-in voices on any error.
 */
public final class IvrVoices {

    static final List<String> TROUBLESHOOTING = List.of(
            "Ask the organization owner to open Settings > Cloudonix and enter the domain UUID and the domain API key.",
            "Use \"Validate\" on the Cloudonix settings page to check that the credentials are accepted.",
            "Until Cloudonix is configured, menus can still use any voice id (such as AWS:Joanna) or an audio file URL.");

    private final CloudonixAccounts accounts;
    private final CloudonixClient cloudonix;
    private final CloudonixCache cache;

    public IvrVoices(CloudonixAccounts accounts, CloudonixClient cloudonix, CloudonixCache cache) {
        this.accounts = accounts;
        this.cloudonix = cloudonix;
        this.cache = cache;
    }

    public JsonNode list(Caller caller) {
        long org = caller.organizationId();
        CloudonixAccounts.Account account = accounts.of(org);
        if (!account.configured()) {
            throw new ApiException(503, "CLOUDONIX_NOT_CONFIGURED", "Cloudonix settings not configured for your organization.",
                    Map.of("troubleshooting", TROUBLESHOOTING));
        }
        String key = CloudonixCache.voices(org);
        Optional<JsonNode> cached = cache.read(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        CloudonixResult result = cloudonix.listVoices(account.credentials(), Pace.INTERACTIVE);
        if (result.hasStatus(403)) {
            // Cloudonix's documented answer for a domain without OTT/premium voices: the domain's plan, not an outage.
            throw new ApiException(409, "CLOUDONIX_VOICES_NOT_ENABLED", "Your Cloudonix domain is not authorized for "
                    + "text-to-speech voices (OTT voices). Ask Cloudonix to enable them, or use an audio prompt.");
        }
        if (!result.ok()) {
            throw new ApiException(502, "CLOUDONIX_UNAVAILABLE", "Cloudonix could not be reached. Please try again later.");
        }
        JsonNode voices = VoiceCatalogue.of(result.body());
        cache.write(key, voices, CloudonixCache.VOICES_TTL);
        return voices;
    }
}
