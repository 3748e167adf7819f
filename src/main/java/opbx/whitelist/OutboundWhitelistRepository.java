package opbx.whitelist;

import static opbx.db.gen.Tables.OUTBOUND_WHITELISTS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.db.gen.tables.records.OutboundWhitelistsRecord;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Outbound whitelist rows, scoped by organisation in every statement (style: tenant scope in every query). */
public final class OutboundWhitelistRepository {

    /** Sort names of the list (control-plane spec §3.7) and their columns. */
    static final Map<String, Field<?>> SORTABLE = Map.of(
            "name", OUTBOUND_WHITELISTS.NAME,
            "destination_country", OUTBOUND_WHITELISTS.DESTINATION_COUNTRY,
            "destination_prefix", OUTBOUND_WHITELISTS.DESTINATION_PREFIX,
            "outbound_trunk_name", OUTBOUND_WHITELISTS.OUTBOUND_TRUNK_NAME,
            "created_at", OUTBOUND_WHITELISTS.CREATED_AT,
            "updated_at", OUTBOUND_WHITELISTS.UPDATED_AT);

    /** The columns a create or update writes; the caller has validated them. */
    public record Values(String name, String destinationCountry, String destinationPrefix, String outboundTrunkName) {
    }

    private Condition owned(long organizationId) {
        return OUTBOUND_WHITELISTS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<WhitelistEntry> find(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(OUTBOUND_WHITELISTS)
                .where(owned(organizationId))
                .and(OUTBOUND_WHITELISTS.ID.eq(id))
                .fetchOptional()
                .map(OutboundWhitelistRepository::toEntry);
    }

    /** The entry, its row locked until the transaction ends. */
    public Optional<WhitelistEntry> findForUpdate(DSLContext trx, long organizationId, long id) {
        return trx.selectFrom(OUTBOUND_WHITELISTS)
                .where(owned(organizationId))
                .and(OUTBOUND_WHITELISTS.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .map(OutboundWhitelistRepository::toEntry);
    }

    /** One entry per organisation, country and prefix (no prefix counts as one value). */
    public boolean destinationTaken(DSLContext dsl, long organizationId, String country, String prefix, Long exceptId) {
        Condition condition = owned(organizationId)
                .and(OUTBOUND_WHITELISTS.DESTINATION_COUNTRY.eq(country))
                .and(DSL.coalesce(OUTBOUND_WHITELISTS.DESTINATION_PREFIX, "").eq(prefix == null ? "" : prefix));
        if (exceptId != null) {
            condition = condition.and(OUTBOUND_WHITELISTS.ID.ne(exceptId));
        }
        return dsl.fetchExists(OUTBOUND_WHITELISTS, condition);
    }

    public List<WhitelistEntry> list(DSLContext dsl, long organizationId, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        SortField<?> order = page.ascending() ? column.asc() : column.desc();
        return dsl.selectFrom(OUTBOUND_WHITELISTS)
                .where(listCondition(organizationId, page))
                .orderBy(order, page.ascending() ? OUTBOUND_WHITELISTS.ID.asc() : OUTBOUND_WHITELISTS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(OutboundWhitelistRepository::toEntry);
    }

    public int count(DSLContext dsl, long organizationId, PageRequest page) {
        return dsl.fetchCount(OUTBOUND_WHITELISTS, listCondition(organizationId, page));
    }

    private Condition listCondition(long organizationId, PageRequest page) {
        Condition condition = owned(organizationId);
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(OUTBOUND_WHITELISTS.NAME.likeIgnoreCase(pattern, '\\')
                    .or(OUTBOUND_WHITELISTS.DESTINATION_COUNTRY.likeIgnoreCase(pattern, '\\'))
                    .or(OUTBOUND_WHITELISTS.DESTINATION_PREFIX.likeIgnoreCase(pattern, '\\'))
                    .or(OUTBOUND_WHITELISTS.OUTBOUND_TRUNK_NAME.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    public long insert(DSLContext trx, long organizationId, Values values) {
        return trx.insertInto(OUTBOUND_WHITELISTS)
                .set(OUTBOUND_WHITELISTS.ORGANIZATION_ID, organizationId)
                .set(OUTBOUND_WHITELISTS.NAME, values.name())
                .set(OUTBOUND_WHITELISTS.DESTINATION_COUNTRY, values.destinationCountry())
                .set(OUTBOUND_WHITELISTS.DESTINATION_PREFIX, values.destinationPrefix())
                .set(OUTBOUND_WHITELISTS.OUTBOUND_TRUNK_NAME, values.outboundTrunkName())
                .returning(OUTBOUND_WHITELISTS.ID)
                .fetchOne(OUTBOUND_WHITELISTS.ID);
    }

    public void update(DSLContext trx, long organizationId, long id, Values values) {
        trx.update(OUTBOUND_WHITELISTS)
                .set(OUTBOUND_WHITELISTS.NAME, values.name())
                .set(OUTBOUND_WHITELISTS.DESTINATION_COUNTRY, values.destinationCountry())
                .set(OUTBOUND_WHITELISTS.DESTINATION_PREFIX, values.destinationPrefix())
                .set(OUTBOUND_WHITELISTS.OUTBOUND_TRUNK_NAME, values.outboundTrunkName())
                .set(OUTBOUND_WHITELISTS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(OUTBOUND_WHITELISTS.ID.eq(id))
                .execute();
    }

    public void delete(DSLContext trx, long organizationId, long id) {
        trx.deleteFrom(OUTBOUND_WHITELISTS)
                .where(owned(organizationId))
                .and(OUTBOUND_WHITELISTS.ID.eq(id))
                .execute();
    }

    private static WhitelistEntry toEntry(OutboundWhitelistsRecord row) {
        return new WhitelistEntry(row.getId(), row.getOrganizationId(), new Values(row.getName(),
                row.getDestinationCountry(), row.getDestinationPrefix(), row.getOutboundTrunkName()),
                row.getCreatedAt(), row.getUpdatedAt());
    }
}
