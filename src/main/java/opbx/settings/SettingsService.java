package opbx.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import opbx.access.Caller;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.audit.Changes;
import opbx.auth.Passwords;
import opbx.auth.Tokens;
import opbx.cache.CacheInvalidator;
import opbx.cache.RedisKeys;
import opbx.cache.RoutingKeys;
import opbx.cloudonix.CloudonixClient;
import opbx.config.CallbackBase;
import opbx.http.ApiException;
import opbx.http.ClientInfo;
import opbx.http.Fields;
import opbx.http.ValidationException;
import opbx.secrets.Secrets;
import opbx.users.User;
import opbx.users.UserRepository;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The Cloudonix settings of the caller's organisation (control-plane spec §3.14). Secrets are encrypted at rest (§4.3)
 * and only ever leave masked, except through {@code reveal}. A save is audited in its transaction (§5) and, webhooks
 * and voice requests finding the organisation by these values, deletes the organisation's routing entry and the
 * lookup keys of the old and new key hash, domain uuid and name after commit (execution-plane spec §10.2), and the
 * organisation's Cloudonix caches (§6.2). A save of configured settings is then pushed to Cloudonix (§6.1); a failed
 * push only adds a warning, the save stands (§6.4).
 */
public final class SettingsService {

    static final String TABLE = "cloudonix_settings";
    private static final String DOMAIN_TAKEN = "This Cloudonix domain is already connected to another organization.";
    /** Says the key cannot be used, never why or whose: the answer must not confirm another organisation's key. */
    private static final String KEY_TAKEN = "This domain requests api key cannot be used. Generate a new one.";
    private static final String KEY_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    private static final int KEY_LENGTH = 32;
    /** Unique indexes of §4.2 and the field a clash is reported on. */
    private static final Map<String, String> UNIQUE_INDEXES = Map.of(
            "cloudonix_settings_domain_uuid_key", "domain_uuid",
            "cloudonix_settings_domain_name_unique", "domain_name",
            "cloudonix_settings_domain_requests_api_key_hash_key", "domain_requests_api_key");

    private final DSLContext dsl;
    private final SettingsRepository settings;
    private final Secrets secrets;
    private final UserRepository users;
    private final Passwords passwords;
    private final AuditLog audit;
    private final CacheInvalidator cache;
    private final SettingsPush push;
    private final SecureRandom random = new SecureRandom();

    public SettingsService(DSLContext dsl, SettingsRepository settings, Secrets secrets, UserRepository users,
                           Passwords passwords, AuditLog audit, CacheInvalidator cache, CloudonixClient cloudonix,
                           Clock clock) {
        this.dsl = dsl;
        this.settings = settings;
        this.secrets = secrets;
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.cache = cache;
        this.push = new SettingsPush(dsl, settings, cloudonix, clock);
    }

    /** GET: the settings with masked secrets (null when never saved) and the two webhook URLs. */
    public Map<String, Object> show(Caller caller, CallbackBase callbackBase) {
        Optional<SettingsRepository.Stored> stored = settings.find(dsl, caller.organizationId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", stored.map(row -> SettingsJson.masked(row, decrypt(row))).orElse(null));
        json.putAll(SettingsJson.urls(callbackBase.forOrganization(
                stored.map(row -> row.columns().webhookBaseUrl()).orElse(null))));
        return json;
    }

    /** PUT and PATCH alike: only sent keys change; the row is created on the first save. */
    public Map<String, Object> update(Caller caller, ObjectNode body, ClientInfo client, CallbackBase callbackBase) {
        long org = caller.organizationId();
        Saved saved = uniqueValues(() -> dsl.transactionResult(trx -> {
            SettingsRepository.Stored stored = settings.lockOrCreate(trx.dsl(), org);
            SettingsValues before = decrypt(stored);
            SettingsInput input = SettingsInput.read(body, before);
            checkUnique(trx.dsl(), org, input, before);
            input.fields.throwIfInvalid();
            settings.update(trx.dsl(), org, columns(org, stored.columns(), before, input.values));
            Changes changes = changes(before, input.values);
            if (!changes.isEmpty()) {
                audit.record(trx.dsl(), new AuditEvent(org, AuditEvent.Actor.of(caller), "settings.cloudonix_updated",
                        TABLE, String.valueOf(stored.id()), label(input.values), changes.toMap(), client));
            }
            return new Saved(stored, settings.find(trx.dsl(), org).orElseThrow());
        }));
        invalidate(org, saved.before().columns(), saved.after().columns());
        SettingsRepository.Stored row = saved.after();
        SettingsValues after = decrypt(row);
        Optional<Map<String, Object>> warning = Optional.empty();
        if (after.configured()) {
            // A base nobody configured is this machine's loopback: say so rather than point the domain at it.
            boolean guessed = after.webhookBaseUrl() == null && callbackBase.isLocalFallback();
            warning = guessed ? push.noPublicUrl(org)
                    : push.push(org, after, row.voiceApplicationId(), callbackBase.forOrganization(after.webhookBaseUrl()));
            row = settings.find(dsl, org).orElse(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", "Cloudonix settings updated successfully.");
        json.put("settings", SettingsJson.masked(row, after));
        json.putAll(SettingsJson.urls(callbackBase.forOrganization(after.webhookBaseUrl())));
        warning.ifPresent(found -> {
            json.put("warning", found.get("message"));
            json.put("cloudonix_warning", found);
        });
        return json;
    }

    /** POST /generate-requests-key: a fresh key for the form; stored only when the owner saves it (§3.14). */
    public Map<String, Object> generateRequestsKey() {
        StringBuilder key = new StringBuilder(KEY_LENGTH);
        for (int i = 0; i < KEY_LENGTH; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("api_key", key.toString());
        json.put("message", "API key generated. Save the settings to apply it.");
        return json;
    }

    /** POST /reveal: the secrets in clear, after the caller's password; audited. */
    public Map<String, Object> reveal(Caller caller, ObjectNode body, ClientInfo client) {
        long org = caller.organizationId();
        Fields fields = new Fields(body);
        String password = fields.string("current_password", true, 0, 1024);
        if (password != null) {
            User user = users.find(dsl, org, caller.userId()).orElseThrow(ApiException::unauthenticated);
            if (!passwords.matches(password, user.passwordHash())) {
                fields.add("current_password", "The current password is incorrect.");
            }
        }
        fields.throwIfInvalid();
        Optional<SettingsRepository.Stored> stored = settings.find(dsl, org);
        SettingsValues plain = stored.map(this::decrypt).orElse(SettingsValues.defaults());
        dsl.transaction(trx -> audit.record(trx.dsl(), new AuditEvent(org, AuditEvent.Actor.of(caller),
                "settings.cloudonix_revealed", TABLE, stored.map(row -> String.valueOf(row.id())).orElse(null),
                label(plain), Map.of(), client)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("domain_api_key", plain.domainApiKey());
        json.put("domain_requests_api_key", plain.domainRequestsApiKey());
        json.put("webhook_secret", plain.webhookSecret());
        return json;
    }

    private void checkUnique(DSLContext trx, long org, SettingsInput input, SettingsValues before) {
        SettingsValues values = input.values;
        if (values.domainUuid() != null && !input.fields.failed("domain_uuid")
                && settings.domainUuidTaken(trx, org, values.domainUuid())) {
            input.fields.add("domain_uuid", DOMAIN_TAKEN);
        }
        if (values.domainName() != null && !input.fields.failed("domain_name")
                && settings.domainNameTaken(trx, org, values.domainName())) {
            input.fields.add("domain_name", DOMAIN_TAKEN);
        }
        if (values.domainRequestsApiKey() != null && !input.fields.failed("domain_requests_api_key")
                && !values.domainRequestsApiKey().equals(before.domainRequestsApiKey())
                && settings.requestsKeyTaken(trx, org, Tokens.sha256Hex(values.domainRequestsApiKey()))) {
            input.fields.add("domain_requests_api_key", KEY_TAKEN);
        }
    }

    /** The columns to store: a secret that did not change keeps its ciphertext; a new requests key its new hash. */
    private SettingsRepository.Columns columns(long org, SettingsRepository.Columns stored, SettingsValues before,
                                               SettingsValues after) {
        boolean requestsKeyChanged = !Objects.equals(before.domainRequestsApiKey(), after.domainRequestsApiKey());
        return new SettingsRepository.Columns(
                after.domainUuid(),
                after.domainName(),
                encrypted(org, "domain_api_key", stored.domainApiKey(), before.domainApiKey(), after.domainApiKey()),
                encrypted(org, "domain_requests_api_key", stored.domainRequestsApiKey(), before.domainRequestsApiKey(),
                        after.domainRequestsApiKey()),
                !requestsKeyChanged ? stored.domainRequestsApiKeyHash()
                        : after.domainRequestsApiKey() == null ? null : Tokens.sha256Hex(after.domainRequestsApiKey()),
                encrypted(org, "webhook_secret", stored.webhookSecret(), before.webhookSecret(), after.webhookSecret()),
                after.acceptUnauthenticatedCdr(),
                after.webhookBaseUrl(),
                after.noAnswerTimeout(),
                after.recordingFormat(),
                after.cloudonixPackage());
    }

    private String encrypted(long org, String column, String storedCipher, String before, String after) {
        if (Objects.equals(before, after)) {
            return storedCipher;
        }
        return after == null ? null : secrets.encrypt(after, TABLE, column, org);
    }

    private SettingsValues decrypt(SettingsRepository.Stored row) {
        SettingsRepository.Columns columns = row.columns();
        return new SettingsValues(columns.domainUuid(), columns.domainName(),
                decrypt(columns.domainApiKey(), "domain_api_key", row.organizationId()),
                decrypt(columns.domainRequestsApiKey(), "domain_requests_api_key", row.organizationId()),
                decrypt(columns.webhookSecret(), "webhook_secret", row.organizationId()),
                columns.acceptUnauthenticatedCdr(), columns.webhookBaseUrl(), columns.noAnswerTimeout(),
                columns.recordingFormat(), columns.cloudonixPackage());
    }

    private String decrypt(String stored, String column, long org) {
        return stored == null ? null : secrets.decrypt(stored, TABLE, column, org);
    }

    /** Changed fields only; the three secrets as {@code {"changed":true}} (§5, through {@link Changes}). */
    private static Changes changes(SettingsValues before, SettingsValues after) {
        return new Changes()
                .field("domain_uuid", string(before.domainUuid()), string(after.domainUuid()))
                .field("domain_name", before.domainName(), after.domainName())
                .field("domain_api_key", before.domainApiKey(), after.domainApiKey())
                .field("domain_requests_api_key", before.domainRequestsApiKey(), after.domainRequestsApiKey())
                .field("webhook_secret", before.webhookSecret(), after.webhookSecret())
                .field("accept_unauthenticated_cdr", before.acceptUnauthenticatedCdr(), after.acceptUnauthenticatedCdr())
                .field("webhook_base_url", before.webhookBaseUrl(), after.webhookBaseUrl())
                .field("no_answer_timeout", before.noAnswerTimeout(), after.noAnswerTimeout())
                .field("recording_format", before.recordingFormat(), after.recordingFormat())
                .field("cloudonix_package", before.cloudonixPackage(), after.cloudonixPackage());
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static String label(SettingsValues values) {
        return values.domainName();
    }

    /**
     * Routing entry, the organisation lookups by key hash and domain, old and new (execution-plane §10.2), and the
     * organisation's Cloudonix reads (§6.2), which the new settings may answer differently.
     */
    private void invalidate(long org, SettingsRepository.Columns before, SettingsRepository.Columns after) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(RoutingKeys.organization(org));
        for (SettingsRepository.Columns columns : List.of(before, after)) {
            if (columns.domainRequestsApiKeyHash() != null) {
                keys.add(RedisKeys.global("auth", "key", columns.domainRequestsApiKeyHash()));
            }
            if (columns.domainUuid() != null) {
                keys.add(RedisKeys.global("dom", columns.domainUuid().toString()));
            }
            if (columns.domainName() != null) {
                keys.add(RedisKeys.global("dom", columns.domainName().toLowerCase(Locale.ROOT)));
            }
        }
        keys.addAll(List.of(CloudonixCache.all(org)));
        cache.afterCommit(keys.toArray(String[]::new));
    }

    /** Cloudonix failing, or answering what a read cannot use: 502 (§0.6). */
    static ApiException unavailable() {
        return new ApiException(502, "CLOUDONIX_UNAVAILABLE", "Cloudonix could not be reached. Please try again later.");
    }

    private record Saved(SettingsRepository.Stored before, SettingsRepository.Stored after) {
    }

    /** A concurrent save that took a domain or key between our check and the commit is the same 422, never a 500. */
    private static <T> T uniqueValues(Supplier<T> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            if (Objects.equals(e.sqlState(), "23505")) {
                String message = String.valueOf(e.getMessage());
                for (Map.Entry<String, String> index : UNIQUE_INDEXES.entrySet()) {
                    if (message.contains(index.getKey())) {
                        throw ValidationException.of(index.getValue(),
                                index.getValue().equals("domain_requests_api_key") ? KEY_TAKEN : DOMAIN_TAKEN);
                    }
                }
            }
            throw e;
        }
    }
}
