package opbx.phonenumbers;

import static opbx.db.gen.Tables.DID_NUMBERS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.db.CrossTenantQuery;
import opbx.db.gen.tables.records.DidNumbersRecord;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.Field;
import org.jooq.JSONB;

/** Phone numbers (DIDs), scoped by organisation in every statement but the global uniqueness check. */
public final class PhoneNumberRepository {

    static final Map<String, Field<?>> SORTABLE = Map.of(
            "phone_number", DID_NUMBERS.PHONE_NUMBER,
            "friendly_name", DID_NUMBERS.FRIENDLY_NAME,
            "routing_type", DID_NUMBERS.ROUTING_TYPE,
            "status", DID_NUMBERS.STATUS,
            "created_at", DID_NUMBERS.CREATED_AT);

    public record ListFilter(String status, String routingType) {
    }

    public record Values(String phoneNumber, String friendlyName, String routingType, ObjectNode routingConfig, String status) {
    }

    private final ObjectMapper mapper;

    public PhoneNumberRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static Condition owned(long organizationId) {
        return DID_NUMBERS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<PhoneNumber> find(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(DID_NUMBERS)
                .where(owned(organizationId))
                .and(DID_NUMBERS.ID.eq(id))
                .fetchOptional(this::toPhoneNumber);
    }

    public void lock(DSLContext trx, long organizationId, long id) {
        trx.select(DID_NUMBERS.ID)
                .from(DID_NUMBERS)
                .where(owned(organizationId))
                .and(DID_NUMBERS.ID.eq(id))
                .forUpdate()
                .fetch();
    }

    /** Phone numbers are unique across every organisation; the answer never says whose. */
    public boolean takenAnywhere(DSLContext dsl, String e164) {
        return CrossTenantQuery.PHONE_NUMBER_GLOBALLY_TAKEN.dsl(dsl).fetchExists(DID_NUMBERS, DID_NUMBERS.PHONE_NUMBER.eq(e164));
    }

    public List<PhoneNumber> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        return dsl.selectFrom(DID_NUMBERS)
                .where(listCondition(organizationId, filter, page))
                .orderBy(page.ascending() ? column.asc() : column.desc(), page.ascending() ? DID_NUMBERS.ID.asc() : DID_NUMBERS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(this::toPhoneNumber);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(DID_NUMBERS, listCondition(organizationId, filter, page));
    }

    /** Search matches the number's digits (whatever punctuation the term has) or the friendly name. */
    private static Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId);
        if (filter.status() != null) {
            condition = condition.and(DID_NUMBERS.STATUS.eq(filter.status()));
        }
        if (filter.routingType() != null) {
            condition = condition.and(DID_NUMBERS.ROUTING_TYPE.eq(filter.routingType()));
        }
        if (page.search().isPresent()) {
            String term = page.search().get();
            Condition name = DID_NUMBERS.FRIENDLY_NAME.likeIgnoreCase(PageRequest.likePattern(term), '\\');
            String digits = term.replaceAll("[^0-9]", "");
            condition = condition.and(digits.isEmpty() ? name
                    : name.or(DID_NUMBERS.PHONE_NUMBER.like(PageRequest.likePattern(digits), '\\')));
        }
        return condition;
    }

    public long insert(DSLContext trx, long organizationId, Values values) {
        return trx.insertInto(DID_NUMBERS)
                .set(DID_NUMBERS.ORGANIZATION_ID, organizationId)
                .set(DID_NUMBERS.PHONE_NUMBER, values.phoneNumber())
                .set(DID_NUMBERS.FRIENDLY_NAME, values.friendlyName())
                .set(DID_NUMBERS.ROUTING_TYPE, values.routingType())
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf(values.routingConfig().toString()))
                .set(DID_NUMBERS.STATUS, values.status())
                .returning(DID_NUMBERS.ID)
                .fetchOne(DID_NUMBERS.ID);
    }

    public void update(DSLContext trx, long organizationId, long id, Values values) {
        trx.update(DID_NUMBERS)
                .set(DID_NUMBERS.FRIENDLY_NAME, values.friendlyName())
                .set(DID_NUMBERS.ROUTING_TYPE, values.routingType())
                .set(DID_NUMBERS.ROUTING_CONFIG, JSONB.valueOf(values.routingConfig().toString()))
                .set(DID_NUMBERS.STATUS, values.status())
                .set(DID_NUMBERS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(DID_NUMBERS.ID.eq(id))
                .execute();
    }

    public void delete(DSLContext trx, long organizationId, long id) {
        trx.deleteFrom(DID_NUMBERS)
                .where(owned(organizationId))
                .and(DID_NUMBERS.ID.eq(id))
                .execute();
    }

    private PhoneNumber toPhoneNumber(DidNumbersRecord row) {
        return new PhoneNumber(row.getId(), row.getOrganizationId(), row.getPhoneNumber(), row.getFriendlyName(),
                row.getRoutingType(), object(row.getRoutingConfig()), row.getTargetId(), row.getStatus(),
                object(row.getCloudonixConfig()), row.getCreatedAt(), row.getUpdatedAt());
    }

    private ObjectNode object(JSONB value) {
        try {
            return value == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(value.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
