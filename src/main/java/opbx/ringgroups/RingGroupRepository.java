package opbx.ringgroups;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static opbx.db.gen.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import opbx.http.PageRequest;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/** Ring groups and their members, scoped by organisation in every statement (style: tenant scope in every query). */
public final class RingGroupRepository {

    private static final Field<Integer> MEMBERS_COUNT = DSL.field(DSL.selectCount()
            .from(RING_GROUP_MEMBERS)
            .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(RING_GROUPS.ORGANIZATION_ID))
            .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(RING_GROUPS.ID))).as("members_count");

    private static final Field<Integer> ACTIVE_MEMBERS_COUNT = DSL.field(DSL.selectCount()
            .from(RING_GROUP_MEMBERS)
            .join(EXTENSIONS).on(EXTENSIONS.ORGANIZATION_ID.eq(RING_GROUP_MEMBERS.ORGANIZATION_ID)
                    .and(EXTENSIONS.ID.eq(RING_GROUP_MEMBERS.EXTENSION_ID)))
            .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(RING_GROUPS.ORGANIZATION_ID))
            .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(RING_GROUPS.ID))
            .and(EXTENSIONS.STATUS.eq("active"))
            .and(EXTENSIONS.DELETED_AT.isNull())).as("active_members_count");

    private static final Field<String> FALLBACK_EXTENSION_NUMBER = DSL.field(DSL.select(EXTENSIONS.EXTENSION_NUMBER)
            .from(EXTENSIONS)
            .where(EXTENSIONS.ORGANIZATION_ID.eq(RING_GROUPS.ORGANIZATION_ID))
            .and(EXTENSIONS.ID.eq(RING_GROUPS.FALLBACK_EXTENSION_ID))).as("fallback_extension_number");

    /** Sort names of the list (control-plane spec §3.4) and their expressions; {@code members} is the member count. */
    static final Map<String, Field<?>> SORTABLE = Map.of(
            "name", DSL.lower(RING_GROUPS.NAME),
            "strategy", RING_GROUPS.STRATEGY,
            "status", RING_GROUPS.STATUS,
            "members", MEMBERS_COUNT,
            "created_at", RING_GROUPS.CREATED_AT,
            "updated_at", RING_GROUPS.UPDATED_AT);

    /** What the list filters on; null = no filter. */
    public record ListFilter(String strategy, String status) {
    }

    /** The columns a create or update writes; the caller has validated them. */
    public record Values(String name, String description, String strategy, int timeout, int ringTurns,
                         String fallbackAction, Long fallbackExtensionId, Long fallbackRingGroupId,
                         Long fallbackIvrMenuId, Long fallbackAiAssistantId, String status) {
    }

    /** A member as written: the extension and its priority. */
    public record NewMember(long extensionId, int priority) {
    }

    /** What the member rule needs to know about a non-deleted extension. */
    public record MemberCandidate(long id, String type, String status) {
    }

    private Condition owned(long organizationId) {
        return RING_GROUPS.ORGANIZATION_ID.eq(organizationId);
    }

    private Condition ownedMembers(long organizationId) {
        return RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<RingGroup> find(DSLContext dsl, long organizationId, long id) {
        return dsl.select(columns())
                .from(RING_GROUPS)
                .where(owned(organizationId))
                .and(RING_GROUPS.ID.eq(id))
                .fetchOptional(RingGroupRepository::toRingGroup);
    }

    /** Locks the group row for the rest of the transaction; false when there is no such group. */
    public boolean lock(DSLContext trx, long organizationId, long id) {
        return trx.select(RING_GROUPS.ID)
                .from(RING_GROUPS)
                .where(owned(organizationId))
                .and(RING_GROUPS.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .isPresent();
    }

    public List<RingGroup> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        return dsl.select(columns())
                .from(RING_GROUPS)
                .where(listCondition(organizationId, filter, page))
                .orderBy(page.ascending() ? column.asc() : column.desc(),
                        page.ascending() ? RING_GROUPS.ID.asc() : RING_GROUPS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(RingGroupRepository::toRingGroup);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(RING_GROUPS, listCondition(organizationId, filter, page));
    }

    private Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId);
        if (filter.strategy() != null) {
            condition = condition.and(RING_GROUPS.STRATEGY.eq(filter.strategy()));
        }
        if (filter.status() != null) {
            condition = condition.and(RING_GROUPS.STATUS.eq(filter.status()));
        }
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(RING_GROUPS.NAME.likeIgnoreCase(pattern, '\\')
                    .or(RING_GROUPS.DESCRIPTION.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    /** Names are unique per organisation, case-insensitively. */
    public boolean nameTaken(DSLContext dsl, long organizationId, String name, Long exceptId) {
        Condition condition = owned(organizationId).and(DSL.lower(RING_GROUPS.NAME).eq(DSL.lower(DSL.val(name))));
        if (exceptId != null) {
            condition = condition.and(RING_GROUPS.ID.ne(exceptId));
        }
        return dsl.fetchExists(RING_GROUPS, condition);
    }

    public long insert(DSLContext dsl, long organizationId, Values values) {
        return dsl.insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, organizationId)
                .set(columns(values))
                .returning(RING_GROUPS.ID)
                .fetchOne(RING_GROUPS.ID);
    }

    public void update(DSLContext dsl, long organizationId, long id, Values values) {
        dsl.update(RING_GROUPS)
                .set(columns(values))
                .set(RING_GROUPS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(RING_GROUPS.ID.eq(id))
                .execute();
    }

    /** Hard delete; the members go with the group (ON DELETE CASCADE). */
    public void delete(DSLContext dsl, long organizationId, long id) {
        dsl.deleteFrom(RING_GROUPS)
                .where(owned(organizationId))
                .and(RING_GROUPS.ID.eq(id))
                .execute();
    }

    /** The members of several groups in one query, each list ordered by priority, then id. */
    public Map<Long, List<RingGroupMember>> members(DSLContext dsl, long organizationId, Collection<Long> groupIds) {
        if (groupIds.isEmpty()) {
            return Map.of();
        }
        return dsl.select(RING_GROUP_MEMBERS.ID, RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUP_MEMBERS.EXTENSION_ID,
                        EXTENSIONS.EXTENSION_NUMBER, USERS.NAME, EXTENSIONS.STATUS, RING_GROUP_MEMBERS.PRIORITY)
                .from(RING_GROUP_MEMBERS)
                .join(EXTENSIONS).on(EXTENSIONS.ORGANIZATION_ID.eq(organizationId)
                        .and(EXTENSIONS.ID.eq(RING_GROUP_MEMBERS.EXTENSION_ID)))
                .leftJoin(USERS).on(USERS.ORGANIZATION_ID.eq(organizationId)
                        .and(USERS.ID.eq(EXTENSIONS.USER_ID)))
                .where(ownedMembers(organizationId))
                .and(RING_GROUP_MEMBERS.RING_GROUP_ID.in(groupIds))
                .orderBy(RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUP_MEMBERS.PRIORITY, RING_GROUP_MEMBERS.ID)
                .fetch(row -> new RingGroupMember(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7()))
                .stream()
                .collect(Collectors.groupingBy(RingGroupMember::ringGroupId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The non-deleted extensions of the organisation among {@code ids}, by id. */
    public Map<Long, MemberCandidate> memberCandidates(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return dsl.select(EXTENSIONS.ID, EXTENSIONS.TYPE, EXTENSIONS.STATUS)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.ID.in(ids))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .fetch(row -> new MemberCandidate(row.value1(), row.value2(), row.value3()))
                .stream()
                .collect(Collectors.toMap(MemberCandidate::id, Function.identity()));
    }

    /**
     * Makes the group's members exactly {@code members}: removes the others, updates changed priorities, inserts the
     * new ones. Kept members keep their row id.
     */
    public void replaceMembers(DSLContext dsl, long organizationId, long groupId, List<NewMember> members) {
        Map<Long, Short> stored = new HashMap<>();
        dsl.select(RING_GROUP_MEMBERS.EXTENSION_ID, RING_GROUP_MEMBERS.PRIORITY)
                .from(RING_GROUP_MEMBERS)
                .where(ownedMembers(organizationId))
                .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(groupId))
                .forEach(row -> stored.put(row.value1(), row.value2()));
        Set<Long> kept = new HashSet<>();
        members.forEach(member -> kept.add(member.extensionId()));
        Set<Long> removed = new HashSet<>(stored.keySet());
        removed.removeAll(kept);
        if (!removed.isEmpty()) {
            dsl.deleteFrom(RING_GROUP_MEMBERS)
                    .where(ownedMembers(organizationId))
                    .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(groupId))
                    .and(RING_GROUP_MEMBERS.EXTENSION_ID.in(removed))
                    .execute();
        }
        List<NewMember> added = new ArrayList<>();
        for (NewMember member : members) {
            Short priority = stored.get(member.extensionId());
            if (priority == null) {
                added.add(member);
            } else if (priority != member.priority()) {
                dsl.update(RING_GROUP_MEMBERS)
                        .set(RING_GROUP_MEMBERS.PRIORITY, (short) member.priority())
                        .where(ownedMembers(organizationId))
                        .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(groupId))
                        .and(RING_GROUP_MEMBERS.EXTENSION_ID.eq(member.extensionId()))
                        .execute();
            }
        }
        if (!added.isEmpty()) {
            var insert = dsl.insertInto(RING_GROUP_MEMBERS, RING_GROUP_MEMBERS.ORGANIZATION_ID,
                    RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUP_MEMBERS.EXTENSION_ID, RING_GROUP_MEMBERS.PRIORITY);
            for (NewMember member : added) {
                insert = insert.values(organizationId, groupId, member.extensionId(), (short) member.priority());
            }
            insert.execute();
        }
    }

    /**
     * A ring group without its members, as embedded in other resources' responses (the phone-number response's
     * {@code ring_group}, control-plane spec §3.9); empty when the group is not in the organisation.
     */
    public Optional<Map<String, Object>> findForEmbedding(DSLContext dsl, long organizationId, long id) {
        return find(dsl, organizationId, id).map(RingGroupJson::summary);
    }

    /** {@link #findForEmbedding} for a page of ids in one query, by id; ids not in the organisation are absent. */
    public Map<Long, Map<String, Object>> findForEmbedding(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, Object>> result = new LinkedHashMap<>();
        dsl.select(columns())
                .from(RING_GROUPS)
                .where(owned(organizationId))
                .and(RING_GROUPS.ID.in(ids))
                .fetch(RingGroupRepository::toRingGroup)
                .forEach(group -> result.put(group.id(), RingGroupJson.summary(group)));
        return result;
    }

    private static List<SelectField<?>> columns() {
        List<SelectField<?>> columns = new ArrayList<>(List.of(RING_GROUPS.fields()));
        columns.add(MEMBERS_COUNT);
        columns.add(ACTIVE_MEMBERS_COUNT);
        columns.add(FALLBACK_EXTENSION_NUMBER);
        return columns;
    }

    private static RingGroup toRingGroup(Record row) {
        return new RingGroup(
                row.get(RING_GROUPS.ID),
                row.get(RING_GROUPS.ORGANIZATION_ID),
                row.get(RING_GROUPS.NAME),
                row.get(RING_GROUPS.DESCRIPTION),
                row.get(RING_GROUPS.STRATEGY),
                row.get(RING_GROUPS.TIMEOUT),
                row.get(RING_GROUPS.RING_TURNS),
                row.get(RING_GROUPS.FALLBACK_ACTION),
                row.get(RING_GROUPS.FALLBACK_EXTENSION_ID),
                row.get(RING_GROUPS.FALLBACK_RING_GROUP_ID),
                row.get(RING_GROUPS.FALLBACK_IVR_MENU_ID),
                row.get(RING_GROUPS.FALLBACK_AI_ASSISTANT_ID),
                row.get(RING_GROUPS.STATUS),
                row.get(MEMBERS_COUNT),
                row.get(ACTIVE_MEMBERS_COUNT),
                row.get(FALLBACK_EXTENSION_NUMBER),
                row.get(RING_GROUPS.CREATED_AT),
                row.get(RING_GROUPS.UPDATED_AT));
    }

    /** The columns a create and an update both write. */
    private static Map<Field<?>, Object> columns(Values values) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(RING_GROUPS.NAME, values.name());
        columns.put(RING_GROUPS.DESCRIPTION, values.description());
        columns.put(RING_GROUPS.STRATEGY, values.strategy());
        columns.put(RING_GROUPS.TIMEOUT, values.timeout());
        columns.put(RING_GROUPS.RING_TURNS, values.ringTurns());
        columns.put(RING_GROUPS.FALLBACK_ACTION, values.fallbackAction());
        columns.put(RING_GROUPS.FALLBACK_EXTENSION_ID, values.fallbackExtensionId());
        columns.put(RING_GROUPS.FALLBACK_RING_GROUP_ID, values.fallbackRingGroupId());
        columns.put(RING_GROUPS.FALLBACK_IVR_MENU_ID, values.fallbackIvrMenuId());
        columns.put(RING_GROUPS.FALLBACK_AI_ASSISTANT_ID, values.fallbackAiAssistantId());
        columns.put(RING_GROUPS.STATUS, values.status());
        return columns;
    }
}
