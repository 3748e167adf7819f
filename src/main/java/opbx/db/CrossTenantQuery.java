package opbx.db;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The named allow-list of statements that deliberately read across organisations (architecture: Data access). Every
 * other statement on a tenant table carries an {@code organization_id} predicate, and the tenant guard installed in
 * the tests fails any that does not. A cross-tenant statement runs on {@link #dsl(DSLContext)}, which tags it with
 * its entry here so the guard can tell it apart from a forgotten predicate.
 */
public enum CrossTenantQuery {

    /** Login: a user is found by e-mail before the organisation is known (e-mails are globally unique). */
    USER_BY_EMAIL,
    /** E-mails are unique among non-deleted users of all organisations; the check never reveals the owner. */
    EMAIL_GLOBALLY_TAKEN,
    /** Bearer tokens: a token is found by its hash before the organisation is known. */
    TOKEN_BY_HASH,
    /** Execution plane: the organisation whose domain requests key hashes to the presented key. */
    ORGANIZATION_BY_REQUESTS_KEY,
    /** Webhooks: the organisation owning a Cloudonix domain uuid or name. */
    ORGANIZATION_BY_DOMAIN,
    /** Phone numbers are unique across all organisations; the check never reveals the owner. */
    PHONE_NUMBER_GLOBALLY_TAKEN,
    /** Maintenance over every organisation: CLI re-encryption, retention pruning. */
    MAINTENANCE;

    /** The key under which the entry travels in the jOOQ configuration's data map. */
    public static final String DATA_KEY = "opbx.crossTenantQuery";

    /** A context whose statements are tagged with this entry. */
    public DSLContext dsl(DSLContext dsl) {
        DSLContext derived = DSL.using(dsl.configuration().derive());
        derived.configuration().data(DATA_KEY, this);
        return derived;
    }
}
