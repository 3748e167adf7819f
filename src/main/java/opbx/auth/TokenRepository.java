package opbx.auth;

import static opbx.db.gen.Tables.API_TOKENS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.Optional;
import opbx.access.Role;
import opbx.db.CrossTenantQuery;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The {@code api_tokens} table: only hashes are stored (control-plane spec §1.1). */
public final class TokenRepository {

    /** A token row with what authentication needs of its user and organisation, read in one query. */
    public record TokenOwner(long tokenId, String tokenHash, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt,
                             long userId, long organizationId, String name, String email, Role role,
                             boolean userActive, boolean organizationActive) {
    }

    /** By row id, before the organisation is known: the one cross-tenant read of authentication. */
    public Optional<TokenOwner> findForAuthentication(DSLContext dsl, long tokenId) {
        return CrossTenantQuery.TOKEN_BY_HASH.dsl(dsl)
                .select(API_TOKENS.ID, API_TOKENS.TOKEN_HASH, API_TOKENS.EXPIRES_AT, API_TOKENS.LAST_USED_AT,
                        USERS.ID, USERS.ORGANIZATION_ID, USERS.NAME, USERS.EMAIL, USERS.ROLE, USERS.STATUS,
                        USERS.DELETED_AT, ORGANIZATIONS.STATUS, ORGANIZATIONS.DELETED_AT)
                .from(API_TOKENS)
                .join(USERS).on(USERS.ORGANIZATION_ID.eq(API_TOKENS.ORGANIZATION_ID).and(USERS.ID.eq(API_TOKENS.USER_ID)))
                .join(ORGANIZATIONS).on(ORGANIZATIONS.ID.eq(API_TOKENS.ORGANIZATION_ID))
                .where(API_TOKENS.ID.eq(tokenId))
                .fetchOptional(row -> new TokenOwner(
                        row.get(API_TOKENS.ID), row.get(API_TOKENS.TOKEN_HASH), row.get(API_TOKENS.EXPIRES_AT),
                        row.get(API_TOKENS.LAST_USED_AT), row.get(USERS.ID), row.get(USERS.ORGANIZATION_ID),
                        row.get(USERS.NAME), row.get(USERS.EMAIL), Role.fromDatabase(row.get(USERS.ROLE)),
                        "active".equals(row.get(USERS.STATUS)) && row.get(USERS.DELETED_AT) == null,
                        "active".equals(row.get(ORGANIZATIONS.STATUS)) && row.get(ORGANIZATIONS.DELETED_AT) == null));
    }

    public long insert(DSLContext dsl, long organizationId, long userId, String tokenHash, String ip, String userAgent,
                       OffsetDateTime expiresAt) {
        return dsl.insertInto(API_TOKENS)
                .set(API_TOKENS.ORGANIZATION_ID, organizationId)
                .set(API_TOKENS.USER_ID, userId)
                .set(API_TOKENS.TOKEN_HASH, tokenHash)
                .set(API_TOKENS.CREATED_IP, ip)
                .set(API_TOKENS.USER_AGENT, userAgent)
                .set(API_TOKENS.EXPIRES_AT, expiresAt)
                .returning(API_TOKENS.ID)
                .fetchOne(API_TOKENS.ID);
    }

    public void delete(DSLContext dsl, long organizationId, long tokenId) {
        dsl.deleteFrom(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(organizationId))
                .and(API_TOKENS.ID.eq(tokenId))
                .execute();
    }

    public void deleteAllOfUser(DSLContext dsl, long organizationId, long userId) {
        dsl.deleteFrom(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(organizationId))
                .and(API_TOKENS.USER_ID.eq(userId))
                .execute();
    }

    /** Every token of the user but {@code keptTokenId} (0 keeps none). */
    public void deleteAllOfUserExcept(DSLContext dsl, long organizationId, long userId, long keptTokenId) {
        dsl.deleteFrom(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(organizationId))
                .and(API_TOKENS.USER_ID.eq(userId))
                .and(API_TOKENS.ID.ne(keptTokenId))
                .execute();
    }

    public void deleteAllOfOrganization(DSLContext dsl, long organizationId) {
        dsl.deleteFrom(API_TOKENS)
                .where(API_TOKENS.ORGANIZATION_ID.eq(organizationId))
                .execute();
    }

    public void touch(DSLContext dsl, long organizationId, long tokenId) {
        dsl.update(API_TOKENS)
                .set(API_TOKENS.LAST_USED_AT, DSL.currentOffsetDateTime())
                .where(API_TOKENS.ORGANIZATION_ID.eq(organizationId))
                .and(API_TOKENS.ID.eq(tokenId))
                .execute();
    }

    /** The daily purge of expired tokens, across organisations. */
    public int purgeExpired(DSLContext dsl) {
        return CrossTenantQuery.MAINTENANCE.dsl(dsl)
                .deleteFrom(API_TOKENS)
                .where(API_TOKENS.EXPIRES_AT.lt(DSL.currentOffsetDateTime()))
                .execute();
    }
}
