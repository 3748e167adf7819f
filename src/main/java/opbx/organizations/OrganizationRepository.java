package opbx.organizations;

import static opbx.db.gen.Tables.ORGANIZATIONS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import opbx.db.gen.tables.records.OrganizationsRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.JSONB;

/**
 * The organisations table. It is the tenant root rather than a tenant table: every read and write here names the
 * organisation by its id (or slug, for the CLI).
 */
public final class OrganizationRepository {

    private final ObjectMapper mapper;

    public OrganizationRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Optional<Organization> find(DSLContext dsl, long id) {
        return dsl.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(id))
                .fetchOptional()
                .map(this::toOrganization);
    }

    public Optional<Organization> findBySlug(DSLContext dsl, String slug) {
        return dsl.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.SLUG.eq(slug))
                .fetchOptional()
                .map(this::toOrganization);
    }

    public List<Organization> list(DSLContext dsl) {
        return dsl.selectFrom(ORGANIZATIONS)
                .orderBy(ORGANIZATIONS.ID)
                .fetch(this::toOrganization);
    }

    public boolean any(DSLContext dsl) {
        return dsl.fetchExists(ORGANIZATIONS);
    }

    public boolean slugTaken(DSLContext dsl, String slug) {
        return dsl.fetchExists(ORGANIZATIONS, ORGANIZATIONS.SLUG.eq(slug));
    }

    public long insert(DSLContext dsl, String name, String slug, String timezone) {
        return dsl.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, name)
                .set(ORGANIZATIONS.SLUG, slug)
                .set(ORGANIZATIONS.TIMEZONE, timezone)
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf("{\"default_country\":\"" + Organization.DEFAULT_COUNTRY + "\"}"))
                .returning(ORGANIZATIONS.ID)
                .fetchOne(ORGANIZATIONS.ID);
    }

    /** Name, timezone and the default country (kept in settings, beside keys this method leaves alone). */
    public void updateProfile(DSLContext dsl, long id, String name, String timezone, String defaultCountry) {
        ObjectNode settings = settings(dsl, id);
        settings.put("default_country", defaultCountry);
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, name)
                .set(ORGANIZATIONS.TIMEZONE, timezone)
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf(settings.toString()))
                .set(ORGANIZATIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(ORGANIZATIONS.ID.eq(id))
                .execute();
    }

    /** {@code deleted} also sets {@code deleted_at}; the data is kept. */
    public void updateStatus(DSLContext dsl, long id, String status) {
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.STATUS, status)
                .set(ORGANIZATIONS.DELETED_AT, "deleted".equals(status) ? DSL.currentOffsetDateTime() : DSL.val((OffsetDateTime) null))
                .set(ORGANIZATIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(ORGANIZATIONS.ID.eq(id))
                .execute();
    }

    /** {@code settings.rate_limits} of execution-plane spec §11; a null leaves that limit as it was. */
    public void updateRateLimits(DSLContext dsl, long id, Integer voice, Integer webhook) {
        ObjectNode settings = settings(dsl, id);
        ObjectNode limits = settings.has("rate_limits") && settings.get("rate_limits").isObject()
                ? (ObjectNode) settings.get("rate_limits") : settings.putObject("rate_limits");
        if (voice != null) {
            limits.put("voice", voice);
        }
        if (webhook != null) {
            limits.put("webhook", webhook);
        }
        dsl.update(ORGANIZATIONS)
                .set(ORGANIZATIONS.SETTINGS, JSONB.valueOf(settings.toString()))
                .set(ORGANIZATIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(ORGANIZATIONS.ID.eq(id))
                .execute();
    }

    public ObjectNode settings(DSLContext dsl, long id) {
        JSONB settings = dsl.select(ORGANIZATIONS.SETTINGS)
                .from(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(id))
                .fetchOne(ORGANIZATIONS.SETTINGS);
        return parse(settings);
    }

    private ObjectNode parse(JSONB settings) {
        try {
            return settings == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(settings.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Organization toOrganization(OrganizationsRecord row) {
        String country = parse(row.getSettings()).path("default_country").asText(Organization.DEFAULT_COUNTRY);
        return new Organization(row.getId(), row.getName(), row.getSlug(), row.getStatus(), row.getTimezone(), country,
                row.getDeletedAt(), row.getCreatedAt(), row.getUpdatedAt());
    }
}
