package opbx.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import opbx.access.Caller;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.audit.Changes;
import opbx.cache.CacheInvalidator;
import opbx.cache.RoutingKeys;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixCredentials;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.CloudonixSubscriber;
import opbx.cloudonix.Pace;
import opbx.http.ApiException;
import opbx.http.ClientInfo;
import opbx.http.UniqueViolations;
import opbx.secrets.Secrets;
import opbx.settings.CloudonixAccounts;
import opbx.settings.CloudonixCache;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * POST /extensions/sync (control-plane spec §3.2): user extensions missing in Cloudonix are created there; subscribers
 * with an extension-like number missing locally become unassigned user extensions; where both exist, the local status
 * is pushed (the database is the source of truth), and extensions a failed write left unsynced are pushed again.
 * Deletes that failed earlier are retried first, so their subscribers are not imported back. Calls are paced as bulk
 * (§6.2); after the time budget the run stops and reports {@code complete:false}.
 */
public final class SubscriberReconciler {

    /** How long one run may take before it stops (§3.2). */
    public static final Duration BUDGET = Duration.ofSeconds(50);

    private static final int MIN_IMPORTED_PASSWORD = 8;
    private static final int MAX_IMPORTED_PASSWORD = 128;

    /** One direction's counts; {@code updated}/{@code deleted} only where the direction has them. */
    private static final class Counts {
        int created;
        int updated;
        int deleted;
        int failed;

        void add(boolean ok) {
            if (ok) {
                updated++;
            } else {
                failed++;
            }
        }
    }

    private final DSLContext dsl;
    private final ExtensionRepository extensions;
    private final SubscriberRepository subscribers;
    private final SubscriberSync sync;
    private final CloudonixClient cloudonix;
    private final CloudonixAccounts accounts;
    private final Secrets secrets;
    private final SipPasswords sipPasswords = new SipPasswords();
    private final AuditLog audit;
    private final CacheInvalidator cache;
    private final ObjectMapper mapper;
    private final Duration budget;

    public SubscriberReconciler(DSLContext dsl, ExtensionRepository extensions, SubscriberSync sync,
                                CloudonixClient cloudonix, CloudonixAccounts accounts, Secrets secrets, AuditLog audit,
                                CacheInvalidator cache, ObjectMapper mapper, Duration budget) {
        this.dsl = dsl;
        this.extensions = extensions;
        this.subscribers = new SubscriberRepository();
        this.sync = sync;
        this.cloudonix = cloudonix;
        this.accounts = accounts;
        this.secrets = secrets;
        this.audit = audit;
        this.cache = cache;
        this.mapper = mapper;
        this.budget = budget;
    }

    public Map<String, Object> sync(Caller caller, ClientInfo client) {
        long org = caller.organizationId();
        CloudonixAccounts.Account account = accounts.of(org);
        if (!account.configured()) {
            throw new ApiException(400, "CLOUDONIX_NOT_CONFIGURED", "Cloudonix is not configured.", Map.of("success", false));
        }
        CloudonixCredentials credentials = account.credentials();
        long deadline = System.nanoTime() + budget.toNanos();
        CloudonixResult listed = cloudonix.listSubscribers(credentials, Pace.BULK);
        if (!listed.ok()) {
            throw new ApiException(502, "CLOUDONIX_UNAVAILABLE", "Cloudonix could not be reached. Please try again later.",
                    Map.of("success", false));
        }
        List<SubscriberRepository.State> locals = subscribers.userExtensions(dsl, org);
        SubscriberComparison.Match match = SubscriberComparison.match(locals, listed.body());
        Counts to = new Counts();
        Counts from = new Counts();
        Counts status = new Counts();
        boolean complete = true;
        try {
            Set<String> retired = retryDeletes(credentials, locals, listed.body(), to, deadline);
            for (SubscriberRepository.State local : match.localOnly()) {
                outOfTime(deadline);
                boolean ok = pushed(org, local, sync.createOrAdopt(credentials, sync.subscriber(credentials, local), Pace.BULK));
                to.created += ok ? 1 : 0;
                to.failed += ok ? 0 : 1;
            }
            for (SubscriberComparison.Pair pair : match.both()) {
                reconcile(credentials, pair, to, status, deadline);
            }
            for (JsonNode remote : match.cloudonixOnly()) {
                if (!retired.contains(SubscriberSync.text(remote, "id", ""))) {
                    outOfTime(deadline);
                    importSubscriber(caller, credentials, remote, from, client);
                }
            }
        } catch (OutOfTime e) {
            complete = false;
        } finally {
            cache.afterCommit(CloudonixCache.compare(org));
        }
        return answer(caller, client, complete, to, from, status);
    }

    /**
     * Deleted (or no longer user) extensions still naming a subscriber: delete it, unless a user extension has
     * adopted it meanwhile (then only the stale row forgets it). Returns the subscriber ids not to import back.
     */
    private Set<String> retryDeletes(CloudonixCredentials credentials, List<SubscriberRepository.State> locals,
                                     JsonNode listed, Counts to, long deadline) {
        long org = credentials.organizationId();
        Set<String> claimed = new HashSet<>();
        Set<String> localNumbers = new HashSet<>();
        for (SubscriberRepository.State local : locals) {
            localNumbers.add(local.extensionNumber());
            if (local.subscriberId() != null) {
                claimed.add(local.subscriberId());
            }
        }
        Map<String, JsonNode> remoteById = new LinkedHashMap<>();
        listed.forEach(remote -> remoteById.put(SubscriberSync.text(remote, "id", ""), remote));
        Set<String> retired = new HashSet<>();
        for (SubscriberRepository.State stale : subscribers.pendingDeletes(dsl, org)) {
            JsonNode remote = remoteById.get(stale.subscriberId());
            if (remote == null || claimed.contains(stale.subscriberId())
                    || localNumbers.contains(remote.path("msisdn").asText())) {
                subscribers.clear(dsl, org, stale.id());
                continue;
            }
            outOfTime(deadline);
            retired.add(stale.subscriberId());
            if (pushed(org, stale, sync.remove(credentials, stale, Pace.BULK))) {
                to.deleted++;
            } else {
                to.failed++;
            }
        }
        return retired;
    }

    /** A number on both sides: push the local status where it differs, and re-push an extension left unsynced. */
    private void reconcile(CloudonixCredentials credentials, SubscriberComparison.Pair pair, Counts to, Counts status,
                           long deadline) {
        long org = credentials.organizationId();
        SubscriberRepository.State local = pair.local();
        String remoteId = SubscriberSync.text(pair.remote(), "id", null);
        if (pair.statusDiffers() || !local.synced()) {
            outOfTime(deadline);
            boolean ok = pushed(org, local, sync.update(credentials, pair.remote(), sync.subscriber(credentials, local),
                    Pace.BULK));
            (pair.statusDiffers() ? status : to).add(ok);
        } else if (remoteId != null && !remoteId.equals(local.subscriberId())) {
            subscribers.markSynced(dsl, org, local.id(), remoteId, SubscriberSync.text(pair.remote(), "uuid", null));
        }
    }

    /**
     * A subscriber missing locally becomes an unassigned user extension with its status; its SIP password is kept when
     * usable, else a generated one is pushed back.
     */
    private void importSubscriber(Caller caller, CloudonixCredentials credentials, JsonNode remote, Counts from,
                                  ClientInfo client) {
        long org = credentials.organizationId();
        String number = remote.path("msisdn").asText();
        String status = remote.path("active").asBoolean(true) ? "active" : "inactive";
        String theirs = CloudonixClient.sipPasswordOf(remote);
        boolean keep = theirs.length() >= MIN_IMPORTED_PASSWORD && theirs.length() <= MAX_IMPORTED_PASSWORD;
        String password = keep ? theirs : sipPasswords.generate();
        ExtensionRepository.Values values = new ExtensionRepository.Values(null, number, "user", status, false,
                mapper.createObjectNode(), null, null, null);
        long id;
        try {
            id = dsl.transactionResult(trx -> {
                long created = extensions.insert(trx.dsl(), org, values,
                        secrets.encrypt(password, "extensions", "sip_password", org));
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("extension_number", number);
                fields.put("type", "user");
                fields.put("status", status);
                fields.put("source", "cloudonix_sync");
                audit.record(trx.dsl(), new AuditEvent(org, AuditEvent.Actor.of(caller), "extension.created", "extension",
                        String.valueOf(created), number, Changes.created(fields), client));
                return created;
            });
        } catch (DataAccessException e) {
            if (!UniqueViolations.of(e, "extensions_number_unique")) {
                throw e;
            }
            // Created locally by someone else since the list: not this run's to import.
            from.failed++;
            return;
        }
        cache.afterCommit(RoutingKeys.extensionById(org, id), RoutingKeys.extensionByNumber(org, number));
        from.created++;
        if (keep) {
            subscribers.markSynced(dsl, org, id, SubscriberSync.text(remote, "id", null),
                    SubscriberSync.text(remote, "uuid", null));
        } else {
            // A failed push-back leaves the extension unsynced; the next run updates the subscriber with its password.
            SubscriberRepository.State state = subscribers.find(dsl, org, id).orElseThrow();
            pushed(org, state, sync.update(credentials, remote,
                    new CloudonixSubscriber(number, password, "active".equals(status)), Pace.BULK));
        }
    }

    private boolean pushed(long org, SubscriberRepository.State state, SubscriberSync.Outcome outcome) {
        Optional<CloudonixResult> failure = sync.record(org, state, outcome);
        return failure.isEmpty();
    }

    private Map<String, Object> answer(Caller caller, ClientInfo client, boolean complete, Counts to, Counts from,
                                       Counts status) {
        Map<String, Object> toCloudonix = new LinkedHashMap<>();
        toCloudonix.put("created", to.created);
        toCloudonix.put("updated", to.updated);
        toCloudonix.put("deleted", to.deleted);
        toCloudonix.put("failed", to.failed);
        Map<String, Object> fromCloudonix = new LinkedHashMap<>();
        fromCloudonix.put("created", from.created);
        fromCloudonix.put("failed", from.failed);
        Map<String, Object> statusSync = new LinkedHashMap<>();
        statusSync.put("updated", status.updated);
        statusSync.put("failed", status.failed);

        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("complete", complete);
        changes.put("to_cloudonix", toCloudonix);
        changes.put("from_cloudonix", fromCloudonix);
        changes.put("status_sync", statusSync);
        long org = caller.organizationId();
        dsl.transaction(trx -> audit.record(trx.dsl(), new AuditEvent(org, AuditEvent.Actor.of(caller), "extension.sync",
                "extension", null, null, changes, client)));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("success", true);
        result.put("to_cloudonix", toCloudonix);
        result.put("from_cloudonix", fromCloudonix);
        result.put("status_sync", statusSync);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("complete", complete);
        json.put("message", complete ? "Extensions synchronized successfully."
                : "Extensions partly synchronized: the sync stopped after " + budget.toSeconds()
                        + " s. Run it again to continue.");
        json.put("to_cloudonix", toCloudonix);
        json.put("from_cloudonix", fromCloudonix);
        json.put("status_sync", statusSync);
        json.put("result", result);
        return json;
    }

    /** Thrown before a Cloudonix call once the budget is spent; ends the run with {@code complete:false}. */
    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super(null, null, false, false);
        }
    }

    private static void outOfTime(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new OutOfTime();
        }
    }
}
