package opbx.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import opbx.cache.CacheInvalidator;
import opbx.cloudonix.CloudonixClient;
import opbx.cloudonix.CloudonixCredentials;
import opbx.cloudonix.CloudonixResult;
import opbx.cloudonix.CloudonixSubscriber;
import opbx.cloudonix.Pace;
import opbx.secrets.Secrets;
import opbx.settings.CloudonixAccounts;
import opbx.settings.CloudonixCache;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Cloudonix subscribers in step with user extensions after each committed write (control-plane spec §3.2,
 * §6.4): a non-deleted user extension is a subscriber (msisdn = its number), anything else has none. A failure never
 * undoes the write: the extension is left {@code cloudonix_synced=false} with the error in {@code cloudonix_last_error}
 * (what POST /extensions/sync picks up later), and the caller gets a {@code cloudonix_warning}.
 */
public final class SubscriberSync {

    private static final Logger log = LoggerFactory.getLogger(SubscriberSync.class);
    static final String NOT_CONFIGURED = "Cloudonix settings not configured for your organization.";
    static final String INCOMPLETE = "Cloudonix settings are incomplete for your organization.";

    /** What a push or delete came to: the subscriber's id and uuid, or the call that failed. */
    record Outcome(String subscriberId, String subscriberUuid, CloudonixResult failure) {

        static Outcome done(String subscriberId, String subscriberUuid) {
            return new Outcome(subscriberId, subscriberUuid, null);
        }

        static Outcome failed(CloudonixResult failure) {
            return new Outcome(null, null, failure);
        }

        boolean ok() {
            return failure == null;
        }
    }

    private final DSLContext dsl;
    private final SubscriberRepository subscribers;
    private final CloudonixClient cloudonix;
    private final CloudonixAccounts accounts;
    private final Secrets secrets;
    private final CacheInvalidator cache;

    public SubscriberSync(DSLContext dsl, CloudonixClient cloudonix, CloudonixAccounts accounts, Secrets secrets,
                          CacheInvalidator cache) {
        this.dsl = dsl;
        this.subscribers = new SubscriberRepository();
        this.cloudonix = cloudonix;
        this.accounts = accounts;
        this.secrets = secrets;
        this.cache = cache;
    }

    /**
     * Makes Cloudonix match extension {@code id} as committed; the {@code cloudonix_warning} if that failed. Never
     * throws. {@code wasUser}: the extension was a user extension before the write, so a subscriber may exist even
     * when none is recorded.
     */
    public Optional<Map<String, Object>> afterWrite(long organizationId, long id, String verb, boolean wasUser) {
        Optional<SubscriberRepository.State> found = subscribers.find(dsl, organizationId, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SubscriberRepository.State state = found.get();
        if (!state.wantsSubscriber() && state.subscriberId() == null && !wasUser) {
            return Optional.empty();
        }
        String operation = !state.wantsSubscriber() ? "delete_subscriber"
                : state.subscriberId() != null ? "update_subscriber" : "create_subscriber";
        try {
            CloudonixAccounts.Account account = accounts.of(organizationId);
            if (!account.configured()) {
                String error = "missing_settings".equals(account.reason()) ? NOT_CONFIGURED : INCOMPLETE;
                subscribers.markFailed(dsl, organizationId, id, error);
                Map<String, Object> details = account.details();
                details.put("operation", operation);
                return Optional.of(warning(verb, error, details, state.extensionNumber()));
            }
            Outcome outcome = state.wantsSubscriber()
                    ? push(account.credentials(), state, Pace.INTERACTIVE)
                    : remove(account.credentials(), state, Pace.INTERACTIVE);
            return record(organizationId, state, outcome)
                    .map(failure -> warning(verb, failure.error(), failure.details(), state.extensionNumber()));
        } catch (RuntimeException e) {
            // The write is committed; a broken key or an unreachable database must not turn it into a 500.
            log.error("Cloudonix sync of extension {} (organization {}) could not run", state.extensionNumber(),
                    organizationId, e);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", "api_request_failed");
            details.put("operation", operation);
            return Optional.of(warning(verb, "Cloudonix sync could not run", details, state.extensionNumber()));
        } finally {
            cache.afterCommit(CloudonixCache.compare(organizationId));
        }
    }

    /** Stores what a push or delete came to on the row; the failed call, if any. */
    Optional<CloudonixResult> record(long organizationId, SubscriberRepository.State state, Outcome outcome) {
        if (!outcome.ok()) {
            subscribers.markFailed(dsl, organizationId, state.id(), outcome.failure().error());
            return Optional.of(outcome.failure());
        }
        if (state.wantsSubscriber()) {
            subscribers.markSynced(dsl, organizationId, state.id(), outcome.subscriberId(), outcome.subscriberUuid());
        } else {
            subscribers.clear(dsl, organizationId, state.id());
        }
        return Optional.empty();
    }

    /**
     * Update the recorded subscriber, or create one (adopting a subscriber that has the number already). Cloudonix
     * documents no status for an unknown id on update nor for a duplicate on create, so both are decided by looking
     * first: the recorded id, then the number ({@code subscriberGet} takes either).
     */
    Outcome push(CloudonixCredentials credentials, SubscriberRepository.State state, Pace pace) {
        CloudonixSubscriber subscriber = subscriber(credentials, state);
        if (state.subscriberId() != null) {
            CloudonixResult known = cloudonix.getSubscriber(credentials, state.subscriberId(), pace);
            if (!known.ok()) {
                return Outcome.failed(known);
            }
            if (known.found()) {
                return update(credentials, known.body(), subscriber, pace);
            }
        }
        return createOrAdopt(credentials, subscriber, pace);
    }

    /**
     * The subscriber with the extension's number: updated when Cloudonix has one already, else created (without
     * {@code active}, which only an update takes) and then deactivated if the extension is inactive.
     */
    Outcome createOrAdopt(CloudonixCredentials credentials, CloudonixSubscriber subscriber, Pace pace) {
        CloudonixResult existing = cloudonix.getSubscriber(credentials, subscriber.msisdn(), pace);
        if (!existing.ok()) {
            return Outcome.failed(existing);
        }
        if (existing.found()) {
            return update(credentials, existing.body(), subscriber, pace);
        }
        CloudonixResult created = cloudonix.createSubscriber(credentials, subscriber, pace);
        if (!created.ok()) {
            return Outcome.failed(created);
        }
        String id = text(created.body(), "id", null);
        String uuid = text(created.body(), "uuid", null);
        if (!subscriber.active() && id != null) {
            CloudonixResult deactivated = cloudonix.updateSubscriber(credentials, id, subscriber, pace);
            if (!deactivated.ok()) {
                return Outcome.failed(deactivated);
            }
        }
        return Outcome.done(id, uuid);
    }

    /** Update an existing subscriber as Cloudonix answered it, keeping its id and uuid. */
    Outcome update(CloudonixCredentials credentials, JsonNode existing, CloudonixSubscriber subscriber, Pace pace) {
        String existingId = text(existing, "id", null);
        CloudonixResult updated = cloudonix.updateSubscriber(credentials, existingId, subscriber, pace);
        return updated.ok() ? Outcome.done(existingId, text(updated.body(), "uuid", text(existing, "uuid", null)))
                : Outcome.failed(updated);
    }

    /**
     * Delete the recorded subscriber (2xx or 404 = gone). With none recorded, one may still exist under the number
     * (a create whose answer was lost): it is looked up, so no subscriber is left behind.
     */
    Outcome remove(CloudonixCredentials credentials, SubscriberRepository.State state, Pace pace) {
        String subscriberId = state.subscriberId();
        if (subscriberId == null) {
            CloudonixResult found = cloudonix.getSubscriber(credentials, state.extensionNumber(), pace);
            if (!found.ok()) {
                return Outcome.failed(found);
            }
            subscriberId = found.found() ? text(found.body(), "id", null) : null;
            if (subscriberId == null) {
                return Outcome.done(null, null);
            }
        }
        CloudonixResult deleted = cloudonix.deleteSubscriber(credentials, subscriberId, pace);
        return deleted.ok() ? Outcome.done(null, null) : Outcome.failed(deleted);
    }

    /** The subscriber body of an extension: its number, its decrypted SIP password, active when it is. */
    CloudonixSubscriber subscriber(CloudonixCredentials credentials, SubscriberRepository.State state) {
        String password = secrets.decrypt(state.encryptedSipPassword(), "extensions", "sip_password",
                credentials.organizationId());
        return new CloudonixSubscriber(state.extensionNumber(), password, state.active());
    }

    /** The §6.4 warning: message by verb, the failure's text, its details with the extension number. */
    static Map<String, Object> warning(String verb, String error, Map<String, Object> details, String extensionNumber) {
        details.put("extension_number", extensionNumber);
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("message", "Extension " + verb + " locally but Cloudonix sync failed");
        warning.put("error", error);
        warning.put("details", details);
        return warning;
    }

    /** A field as text (Cloudonix ids are numbers; they are stored as text), or the fallback when absent. */
    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? fallback : value.asText();
    }
}
