package opbx.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.access.Caller;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.Pace;
import opbx.http.ApiException;

/**
 * GET /settings/cloudonix/outbound-trunks (control-plane spec §3.14): the domain's trunks that can carry outbound
 * calls, passed through as Cloudonix lists them, cached 5 min per organisation (§6.2).
 */
public final class OutboundTrunks {

    private final CloudonixAccounts accounts;
    private final CloudonixClient cloudonix;
    private final CloudonixCache cache;

    public OutboundTrunks(CloudonixAccounts accounts, CloudonixClient cloudonix, CloudonixCache cache) {
        this.accounts = accounts;
        this.cloudonix = cloudonix;
        this.cache = cache;
    }

    /** {@code {"trunks":[...],"count":N}}. */
    public JsonNode list(Caller caller) {
        long org = caller.organizationId();
        CloudonixAccounts.Account account = accounts.of(org);
        if (!account.configured()) {
            throw new ApiException(422, "CLOUDONIX_NOT_CONFIGURED",
                    "Please configure Cloudonix settings before fetching outbound trunks.",
                    Map.of("troubleshooting", List.of(
                            "Enter the domain UUID and domain API key in the Cloudonix settings.",
                            "Validate the credentials, then save the settings.")));
        }
        String key = CloudonixCache.trunks(org);
        Optional<JsonNode> cached = cache.read(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        CloudonixResult result = cloudonix.listTrunks(account.credentials(), Pace.INTERACTIVE);
        if (!result.ok()) {
            throw SettingsService.unavailable();
        }
        ArrayNode trunks = cloudonix.outboundTrunks(result.body());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("trunks", trunks);
        json.put("count", trunks.size());
        cache.write(key, json, CloudonixCache.TRUNKS_TTL);
        return json;
    }
}
