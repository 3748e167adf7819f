package opbx.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.Pace;
import opbx.settings.CloudonixAccounts;
import opbx.settings.CloudonixCache;
import org.jooq.DSLContext;

/**
 * GET /extensions/sync/compare (control-plane spec §3.2): the organisation's non-deleted user extensions against its
 * Cloudonix subscribers, by msisdn, cached 60 s per organisation because the SPA asks on every page load.
 */
public final class SubscriberComparison {

    private static final Duration CACHED_FOR = Duration.ofSeconds(60);
    /** Subscribers whose msisdn could be an extension number; only these can be imported (§3.2), so only these count. */
    static final Pattern EXTENSION_NUMBER = Pattern.compile("[0-9]{3,5}");

    /** One number on both sides. */
    record Pair(SubscriberRepository.State local, JsonNode remote) {

        boolean statusDiffers() {
            return remote.path("active").asBoolean(local.active()) != local.active();
        }
    }

    /** The two sides matched by number. */
    record Match(List<SubscriberRepository.State> localOnly, List<JsonNode> cloudonixOnly, List<Pair> both) {

        /** Something for POST /extensions/sync to do: a missing side, an unsynced extension, a status apart. */
        boolean needsSync() {
            return !localOnly.isEmpty() || !cloudonixOnly.isEmpty()
                    || both.stream().anyMatch(pair -> !pair.local().synced() || pair.statusDiffers());
        }
    }

    private final DSLContext dsl;
    private final SubscriberRepository subscribers;
    private final CloudonixClient cloudonix;
    private final CloudonixAccounts accounts;
    private final CloudonixCache cache;
    private final ObjectMapper mapper;

    public SubscriberComparison(DSLContext dsl, CloudonixClient cloudonix, CloudonixAccounts accounts, CloudonixCache cache,
                                ObjectMapper mapper) {
        this.dsl = dsl;
        this.subscribers = new SubscriberRepository();
        this.cloudonix = cloudonix;
        this.accounts = accounts;
        this.cache = cache;
        this.mapper = mapper;
    }

    /** The counts; zero counts with {@code error} when Cloudonix is not configured or failing (never cached). */
    public JsonNode compare(long organizationId) {
        String key = CloudonixCache.compare(organizationId);
        Optional<JsonNode> cached = cache.read(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        CloudonixAccounts.Account account = accounts.of(organizationId);
        if (!account.configured()) {
            return counts(false, 0, 0, 0, "Cloudonix is not configured.");
        }
        CloudonixResult listed = cloudonix.listSubscribers(account.credentials(), Pace.INTERACTIVE);
        if (!listed.ok()) {
            return counts(false, 0, 0, 0, listed.error());
        }
        Match match = match(subscribers.userExtensions(dsl, organizationId), listed.body());
        ObjectNode json = counts(match.needsSync(), match.localOnly().size(), match.cloudonixOnly().size(),
                match.both().size(), null);
        cache.write(key, json, CACHED_FOR);
        return json;
    }

    /** Matches local user extensions with listed subscribers by number (the first subscriber of a number counts). */
    static Match match(List<SubscriberRepository.State> locals, JsonNode listed) {
        Map<String, JsonNode> remote = new LinkedHashMap<>();
        if (listed != null) {
            for (JsonNode subscriber : listed) {
                String msisdn = subscriber.path("msisdn").asText("");
                if (!msisdn.isEmpty()) {
                    remote.putIfAbsent(msisdn, subscriber);
                }
            }
        }
        List<SubscriberRepository.State> localOnly = new ArrayList<>();
        List<Pair> both = new ArrayList<>();
        for (SubscriberRepository.State local : locals) {
            JsonNode subscriber = remote.remove(local.extensionNumber());
            if (subscriber == null) {
                localOnly.add(local);
            } else {
                both.add(new Pair(local, subscriber));
            }
        }
        List<JsonNode> cloudonixOnly = remote.entrySet().stream()
                .filter(entry -> EXTENSION_NUMBER.matcher(entry.getKey()).matches())
                .map(Map.Entry::getValue)
                .toList();
        return new Match(localOnly, cloudonixOnly, both);
    }

    private ObjectNode counts(boolean needsSync, int localOnly, int cloudonixOnly, int synced, String error) {
        ObjectNode json = mapper.createObjectNode()
                .put("needs_sync", needsSync)
                .put("local_only", localOnly)
                .put("cloudonix_only", cloudonixOnly)
                .put("synced", synced);
        if (error != null) {
            json.put("error", error);
        }
        return json;
    }
}
