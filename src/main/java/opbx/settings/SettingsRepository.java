package opbx.settings;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import opbx.db.CrossTenantQuery;
import opbx.db.gen.tables.records.CloudonixSettingsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The one Cloudonix settings row of an organisation, scoped by organisation in every statement, except the named
 * cross-tenant uniqueness checks of domains and requests keys (control-plane spec §2.3, §3.14).
 */
public final class SettingsRepository {

    /** The columns a save writes, secrets encrypted (control-plane spec §4.3). */
    public record Columns(UUID domainUuid, String domainName, String domainApiKey, String domainRequestsApiKey,
                          String domainRequestsApiKeyHash, String webhookSecret, boolean acceptUnauthenticatedCdr,
                          String webhookBaseUrl, int noAnswerTimeout, String recordingFormat,
                          String cloudonixPackage) {
    }

    /** A stored row: the saved columns and what the Cloudonix push records. */
    public record Stored(long id, long organizationId, Columns columns, String voiceApplicationId,
                         OffsetDateTime lastPushedAt, String lastPushError, OffsetDateTime createdAt,
                         OffsetDateTime updatedAt) {
    }

    private Condition owned(long organizationId) {
        return CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<Stored> find(DSLContext dsl, long organizationId) {
        return dsl.selectFrom(CLOUDONIX_SETTINGS)
                .where(owned(organizationId))
                .fetchOptional()
                .map(SettingsRepository::toStored);
    }

    /**
     * The organisation's row, created with the column defaults when it has none, and locked until the transaction
     * ends, so two saves of one organisation run one after the other.
     */
    public Stored lockOrCreate(DSLContext trx, long organizationId) {
        trx.insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, organizationId)
                .onConflict(CLOUDONIX_SETTINGS.ORGANIZATION_ID)
                .doNothing()
                .execute();
        return trx.selectFrom(CLOUDONIX_SETTINGS)
                .where(owned(organizationId))
                .forUpdate()
                .fetchOptional()
                .map(SettingsRepository::toStored)
                .orElseThrow();
    }

    public void update(DSLContext trx, long organizationId, Columns columns) {
        trx.update(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, columns.domainUuid())
                .set(CLOUDONIX_SETTINGS.DOMAIN_NAME, columns.domainName())
                .set(CLOUDONIX_SETTINGS.DOMAIN_API_KEY, columns.domainApiKey())
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY, columns.domainRequestsApiKey())
                .set(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH, columns.domainRequestsApiKeyHash())
                .set(CLOUDONIX_SETTINGS.WEBHOOK_SECRET, columns.webhookSecret())
                .set(CLOUDONIX_SETTINGS.ACCEPT_UNAUTHENTICATED_CDR, columns.acceptUnauthenticatedCdr())
                .set(CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL, columns.webhookBaseUrl())
                .set(CLOUDONIX_SETTINGS.NO_ANSWER_TIMEOUT, columns.noAnswerTimeout())
                .set(CLOUDONIX_SETTINGS.RECORDING_FORMAT, columns.recordingFormat())
                .set(CLOUDONIX_SETTINGS.CLOUDONIX_PACKAGE, columns.cloudonixPackage())
                .set(CLOUDONIX_SETTINGS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .execute();
    }

    /** The voice application Cloudonix created for the organisation (control-plane spec §6.1). */
    public void recordApplication(DSLContext dsl, long organizationId, String id, String uuid, String name) {
        dsl.update(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.VOICE_APPLICATION_ID, id)
                .set(CLOUDONIX_SETTINGS.VOICE_APPLICATION_UUID, uuid)
                .set(CLOUDONIX_SETTINGS.VOICE_APPLICATION_NAME, name)
                .where(owned(organizationId))
                .execute();
    }

    /** A push that reached its end clears the error and sets the time; a failed one keeps the last good time. */
    public void recordPush(DSLContext dsl, long organizationId, OffsetDateTime at, String error) {
        dsl.update(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.LAST_PUSH_ERROR, error)
                .set(CLOUDONIX_SETTINGS.LAST_PUSHED_AT, error == null ? DSL.val(at) : CLOUDONIX_SETTINGS.LAST_PUSHED_AT)
                .where(owned(organizationId))
                .execute();
    }

    /** Webhooks find the organisation by its domain uuid, so another organisation may not hold it. */
    public boolean domainUuidTaken(DSLContext dsl, long organizationId, UUID domainUuid) {
        return CrossTenantQuery.ORGANIZATION_BY_DOMAIN.dsl(dsl).fetchExists(CLOUDONIX_SETTINGS,
                CLOUDONIX_SETTINGS.DOMAIN_UUID.eq(domainUuid)
                        .and(CLOUDONIX_SETTINGS.ORGANIZATION_ID.ne(organizationId)));
    }

    /** The same for the domain name, compared case-insensitively as the unique index does. */
    public boolean domainNameTaken(DSLContext dsl, long organizationId, String domainName) {
        return CrossTenantQuery.ORGANIZATION_BY_DOMAIN.dsl(dsl).fetchExists(CLOUDONIX_SETTINGS,
                DSL.lower(CLOUDONIX_SETTINGS.DOMAIN_NAME).eq(DSL.lower(DSL.val(domainName)))
                        .and(CLOUDONIX_SETTINGS.ORGANIZATION_ID.ne(organizationId)));
    }

    /** Voice requests find the organisation by the hash of its requests key, so it identifies one organisation. */
    public boolean requestsKeyTaken(DSLContext dsl, long organizationId, String hash) {
        return CrossTenantQuery.ORGANIZATION_BY_REQUESTS_KEY.dsl(dsl).fetchExists(CLOUDONIX_SETTINGS,
                CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH.eq(hash)
                        .and(CLOUDONIX_SETTINGS.ORGANIZATION_ID.ne(organizationId)));
    }

    private static Stored toStored(CloudonixSettingsRecord row) {
        return new Stored(row.getId(), row.getOrganizationId(), new Columns(row.getDomainUuid(), row.getDomainName(),
                row.getDomainApiKey(), row.getDomainRequestsApiKey(), row.getDomainRequestsApiKeyHash(),
                row.getWebhookSecret(), row.getAcceptUnauthenticatedCdr(), row.getWebhookBaseUrl(),
                row.getNoAnswerTimeout(), row.getRecordingFormat(), row.getCloudonixPackage()),
                row.getVoiceApplicationId(), row.getLastPushedAt(), row.getLastPushError(), row.getCreatedAt(),
                row.getUpdatedAt());
    }
}
