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

    /** Update the known subscriber (404: create it), or create one (409: adopt the existing one) (§6.1). */
    Outcome push(CloudonixCredentials credentials, SubscriberRepository.State state, Pace pace) {
        CloudonixSubscriber subscriber = subscriber(credentials, state);
        if (state.subscriberId() != null) {
            CloudonixResult updated = cloudonix.updateSubscriber(credentials, state.subscriberId(), subscriber, pace);
            if (updated.ok()) {
                return Outcome.done(state.subscriberId(), text(updated.body(), "uuid", state.subscriberUuid()));
            }
            if (!updated.hasStatus(404)) {
                return Outcome.failed(updated);
            }
        }
        return createOrAdopt(credentials, subscriber, pace);
    }

    /** Create; a 409 means the number exists already: list, adopt that subscriber and update it. */
    Outcome createOrAdopt(CloudonixCredentials credentials, CloudonixSubscriber subscriber, Pace pace) {
        CloudonixResult created = cloudonix.createSubscriber(credentials, subscriber, pace);
        if (created.ok()) {
            return Outcome.done(text(created.body(), "id", null), text(created.body(), "uuid", null));
        }
        if (!created.hasStatus(409)) {
            return Outcome.failed(created);
        }
        CloudonixResult listed = cloudonix.listSubscribers(credentials, pace);
        if (!listed.ok()) {
            return Outcome.failed(listed);
        }
        JsonNode existing = byMsisdn(listed.body(), subscriber.msisdn());
        if (existing == null) {
            return Outcome.failed(created);
        }
        return update(credentials, existing, subscriber, pace);
    }

    /** Update an existing subscriber as listed, keeping its id and uuid. */
    Outcome update(CloudonixCredentials credentials, JsonNode existing, CloudonixSubscriber subscriber, Pace pace) {
        String existingId = text(existing, "id", null);
        CloudonixResult updated = cloudonix.updateSubscriber(credentials, existingId, subscriber, pace);
        return updated.ok() ? Outcome.done(existingId, text(existing, "uuid", null)) : Outcome.failed(updated);
    }

    /**
     * Delete the recorded subscriber (2xx or 404 = gone). With none recorded, one may still exist under the number
     * (a create whose answer was lost): it is looked up, so no subscriber is left behind.
     */
    Outcome remove(CloudonixCredentials credentials, SubscriberRepository.State state, Pace pace) {
        String subscriberId = state.subscriberId();
        if (subscriberId == null) {
            CloudonixResult listed = cloudonix.listSubscribers(credentials, pace);
            if (!listed.ok()) {
                return Outcome.failed(listed);
            }
            subscriberId = text(byMsisdn(listed.body(), state.extensionNumber()), "id", null);
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

    static JsonNode byMsisdn(JsonNode list, String msisdn) {
        if (list != null) {
            for (JsonNode subscriber : list) {
                if (msisdn.equals(subscriber.path("msisdn").asText(null))) {
                    return subscriber;
                }
            }
        }
        return null;
    }

    /** A field as text (Cloudonix ids are numbers; they are stored as text), or the fallback when absent. */
    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? fallback : value.asText();
    }
}
