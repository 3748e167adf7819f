package opbx.ivr;

import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

/** IVR menus and their options, scoped by organisation in every statement (style: tenant scope in every query). */
public final class IvrMenuRepository {

    private static final Field<Integer> OPTIONS_COUNT = DSL.field(DSL.selectCount()
            .from(IVR_MENU_OPTIONS)
            .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(IVR_MENUS.ORGANIZATION_ID))
            .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(IVR_MENUS.ID))).as("options_count");

    /** Sort names of the list (control-plane spec §3.5) and their expressions. */
    static final Map<String, Field<?>> SORTABLE = Map.of(
            "name", DSL.lower(IVR_MENUS.NAME),
            "status", IVR_MENUS.STATUS,
            "created_at", IVR_MENUS.CREATED_AT,
            "updated_at", IVR_MENUS.UPDATED_AT);

    /** What the list filters on; null = no filter. */
    public record ListFilter(String status) {
    }

    /** The columns a create or update writes; the caller has validated them. */
    public record Values(String name, String description, String audioFilePath, String ttsText, String ttsVoice,
                         int maxTimeout, int interDigitTimeout, int maxTurns, String failoverDestinationType,
                         Long failoverDestinationId, String status) {
    }

    /** An option as written: the destination is a row id (the extension id for extensions). */
    public record NewOption(String inputDigits, String description, String destinationType, long destinationId,
                            int priority) {
    }

    /** What the link rule needs to know about a non-deleted extension. */
    public record ExtensionTarget(long id, String extensionNumber, String status) {
    }

    private Condition owned(long organizationId) {
        return IVR_MENUS.ORGANIZATION_ID.eq(organizationId);
    }

    private Condition ownedOptions(long organizationId) {
        return IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<IvrMenu> find(DSLContext dsl, long organizationId, long id) {
        return dsl.select(columns())
                .from(IVR_MENUS)
                .where(owned(organizationId))
                .and(IVR_MENUS.ID.eq(id))
                .fetchOptional(IvrMenuRepository::toMenu);
    }

    /** The menus of the organisation among {@code ids}, by id; others are absent. */
    public Map<Long, IvrMenu> findAll(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, IvrMenu> found = new LinkedHashMap<>();
        dsl.select(columns())
                .from(IVR_MENUS)
                .where(owned(organizationId))
                .and(IVR_MENUS.ID.in(ids))
                .fetch(IvrMenuRepository::toMenu)
                .forEach(menu -> found.put(menu.id(), menu));
        return found;
    }

    /** Locks the menu row for the rest of the transaction; false when there is no such menu. */
    public boolean lock(DSLContext trx, long organizationId, long id) {
        return trx.select(IVR_MENUS.ID)
                .from(IVR_MENUS)
                .where(owned(organizationId))
                .and(IVR_MENUS.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .isPresent();
    }

    public List<IvrMenu> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        return dsl.select(columns())
                .from(IVR_MENUS)
                .where(listCondition(organizationId, filter, page))
                .orderBy(page.ascending() ? column.asc() : column.desc(),
                        page.ascending() ? IVR_MENUS.ID.asc() : IVR_MENUS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(IvrMenuRepository::toMenu);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(IVR_MENUS, listCondition(organizationId, filter, page));
    }

    private Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId);
        if (filter.status() != null) {
            condition = condition.and(IVR_MENUS.STATUS.eq(filter.status()));
        }
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(IVR_MENUS.NAME.likeIgnoreCase(pattern, '\\')
                    .or(IVR_MENUS.DESCRIPTION.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    /** Names are unique per organisation, case-insensitively. */
    public boolean nameTaken(DSLContext dsl, long organizationId, String name, Long exceptId) {
        Condition condition = owned(organizationId).and(DSL.lower(IVR_MENUS.NAME).eq(DSL.lower(DSL.val(name))));
        if (exceptId != null) {
            condition = condition.and(IVR_MENUS.ID.ne(exceptId));
        }
        return dsl.fetchExists(IVR_MENUS, condition);
    }

    public long insert(DSLContext dsl, long organizationId, Values values) {
        return dsl.insertInto(IVR_MENUS)
                .set(IVR_MENUS.ORGANIZATION_ID, organizationId)
                .set(columns(values))
                .returning(IVR_MENUS.ID)
                .fetchOne(IVR_MENUS.ID);
    }

    public void update(DSLContext dsl, long organizationId, long id, Values values) {
        dsl.update(IVR_MENUS)
                .set(columns(values))
                .set(IVR_MENUS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(IVR_MENUS.ID.eq(id))
                .execute();
    }

    /** Hard delete; the options go with the menu (ON DELETE CASCADE). */
    public void delete(DSLContext dsl, long organizationId, long id) {
        dsl.deleteFrom(IVR_MENUS)
                .where(owned(organizationId))
                .and(IVR_MENUS.ID.eq(id))
                .execute();
    }

    /**
     * The options of several menus in one query, each list ordered by priority, then id, with the number of each
     * extension destination (a soft-deleted extension still shows its number).
     */
    public Map<Long, List<IvrMenuOption>> options(DSLContext dsl, long organizationId, Collection<Long> menuIds) {
        if (menuIds.isEmpty()) {
            return Map.of();
        }
        return dsl.select(IVR_MENU_OPTIONS.fields())
                .select(EXTENSIONS.EXTENSION_NUMBER)
                .from(IVR_MENU_OPTIONS)
                .leftJoin(EXTENSIONS).on(EXTENSIONS.ORGANIZATION_ID.eq(organizationId)
                        .and(IVR_MENU_OPTIONS.DESTINATION_TYPE.eq("extension"))
                        .and(EXTENSIONS.ID.eq(IVR_MENU_OPTIONS.DESTINATION_ID)))
                .where(ownedOptions(organizationId))
                .and(IVR_MENU_OPTIONS.IVR_MENU_ID.in(menuIds))
                .orderBy(IVR_MENU_OPTIONS.IVR_MENU_ID, IVR_MENU_OPTIONS.PRIORITY, IVR_MENU_OPTIONS.ID)
                .fetch(row -> new IvrMenuOption(
                        row.get(IVR_MENU_OPTIONS.ID),
                        row.get(IVR_MENU_OPTIONS.IVR_MENU_ID),
                        row.get(IVR_MENU_OPTIONS.INPUT_DIGITS),
                        row.get(IVR_MENU_OPTIONS.DESCRIPTION),
                        row.get(IVR_MENU_OPTIONS.DESTINATION_TYPE),
                        row.get(IVR_MENU_OPTIONS.DESTINATION_ID),
                        row.get(EXTENSIONS.EXTENSION_NUMBER),
                        row.get(IVR_MENU_OPTIONS.PRIORITY),
                        row.get(IVR_MENU_OPTIONS.CREATED_AT),
                        row.get(IVR_MENU_OPTIONS.UPDATED_AT)))
                .stream()
                .collect(Collectors.groupingBy(IvrMenuOption::ivrMenuId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The non-deleted extensions of the organisation with one of these numbers, by number. */
    public Map<String, ExtensionTarget> extensionsByNumber(DSLContext dsl, long organizationId, Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return Map.of();
        }
        return extensions(dsl, organizationId, EXTENSIONS.EXTENSION_NUMBER.in(numbers)).stream()
                .collect(Collectors.toMap(ExtensionTarget::extensionNumber, Function.identity()));
    }

    /** The non-deleted extensions of the organisation among {@code ids}, by id. */
    public Map<Long, ExtensionTarget> extensionsById(DSLContext dsl, long organizationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return extensions(dsl, organizationId, EXTENSIONS.ID.in(ids)).stream()
                .collect(Collectors.toMap(ExtensionTarget::id, Function.identity()));
    }

    private List<ExtensionTarget> extensions(DSLContext dsl, long organizationId, Condition which) {
        return dsl.select(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.STATUS)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(which)
                .and(EXTENSIONS.DELETED_AT.isNull())
                .fetch(row -> new ExtensionTarget(row.value1(), row.value2(), row.value3()));
    }

    /**
     * Makes the menu's options exactly {@code options}, keyed by their digits: removes the others, updates kept ones
     * that differ, inserts the new ones. Kept options keep their row id.
     */
    public void replaceOptions(DSLContext dsl, long organizationId, long menuId, List<NewOption> options) {
        Map<String, NewOption> stored = new HashMap<>();
        dsl.select(IVR_MENU_OPTIONS.INPUT_DIGITS, IVR_MENU_OPTIONS.DESCRIPTION, IVR_MENU_OPTIONS.DESTINATION_TYPE,
                        IVR_MENU_OPTIONS.DESTINATION_ID, IVR_MENU_OPTIONS.PRIORITY)
                .from(IVR_MENU_OPTIONS)
                .where(ownedOptions(organizationId))
                .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(menuId))
                .forEach(row -> stored.put(row.value1(),
                        new NewOption(row.value1(), row.value2(), row.value3(), row.value4(), row.value5())));
        Set<String> kept = options.stream().map(NewOption::inputDigits).collect(Collectors.toSet());
        List<String> removed = stored.keySet().stream().filter(digits -> !kept.contains(digits)).toList();
        if (!removed.isEmpty()) {
            dsl.deleteFrom(IVR_MENU_OPTIONS)
                    .where(ownedOptions(organizationId))
                    .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(menuId))
                    .and(IVR_MENU_OPTIONS.INPUT_DIGITS.in(removed))
                    .execute();
        }
        List<NewOption> added = new ArrayList<>();
        for (NewOption option : options) {
            NewOption before = stored.get(option.inputDigits());
            if (before == null) {
                added.add(option);
            } else if (!Objects.equals(before, option)) {
                dsl.update(IVR_MENU_OPTIONS)
                        .set(IVR_MENU_OPTIONS.DESCRIPTION, option.description())
                        .set(IVR_MENU_OPTIONS.DESTINATION_TYPE, option.destinationType())
                        .set(IVR_MENU_OPTIONS.DESTINATION_ID, option.destinationId())
                        .set(IVR_MENU_OPTIONS.PRIORITY, (short) option.priority())
                        .set(IVR_MENU_OPTIONS.UPDATED_AT, DSL.currentOffsetDateTime())
                        .where(ownedOptions(organizationId))
                        .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(menuId))
                        .and(IVR_MENU_OPTIONS.INPUT_DIGITS.eq(option.inputDigits()))
                        .execute();
            }
        }
        if (!added.isEmpty()) {
            var insert = dsl.insertInto(IVR_MENU_OPTIONS, IVR_MENU_OPTIONS.ORGANIZATION_ID, IVR_MENU_OPTIONS.IVR_MENU_ID,
                    IVR_MENU_OPTIONS.INPUT_DIGITS, IVR_MENU_OPTIONS.DESCRIPTION, IVR_MENU_OPTIONS.DESTINATION_TYPE,
                    IVR_MENU_OPTIONS.DESTINATION_ID, IVR_MENU_OPTIONS.PRIORITY);
            for (NewOption option : added) {
                insert = insert.values(organizationId, menuId, option.inputDigits(), option.description(),
                        option.destinationType(), option.destinationId(), (short) option.priority());
            }
            insert.execute();
        }
    }

    private static List<SelectField<?>> columns() {
        List<SelectField<?>> columns = new ArrayList<>(List.of(IVR_MENUS.fields()));
        columns.add(OPTIONS_COUNT);
        return columns;
    }

    private static IvrMenu toMenu(Record row) {
        return new IvrMenu(
                row.get(IVR_MENUS.ID),
                row.get(IVR_MENUS.ORGANIZATION_ID),
                row.get(IVR_MENUS.NAME),
                row.get(IVR_MENUS.DESCRIPTION),
                row.get(IVR_MENUS.AUDIO_FILE_PATH),
                row.get(IVR_MENUS.TTS_TEXT),
                row.get(IVR_MENUS.TTS_VOICE),
                row.get(IVR_MENUS.MAX_TIMEOUT),
                row.get(IVR_MENUS.INTER_DIGIT_TIMEOUT),
                row.get(IVR_MENUS.MAX_TURNS),
                row.get(IVR_MENUS.FAILOVER_DESTINATION_TYPE),
                row.get(IVR_MENUS.FAILOVER_DESTINATION_ID),
                row.get(IVR_MENUS.STATUS),
                row.get(OPTIONS_COUNT),
                row.get(IVR_MENUS.CREATED_AT),
                row.get(IVR_MENUS.UPDATED_AT));
    }

    /** The columns a create and an update both write. */
    private static Map<Field<?>, Object> columns(Values values) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(IVR_MENUS.NAME, values.name());
        columns.put(IVR_MENUS.DESCRIPTION, values.description());
        columns.put(IVR_MENUS.AUDIO_FILE_PATH, values.audioFilePath());
        columns.put(IVR_MENUS.TTS_TEXT, values.ttsText());
        columns.put(IVR_MENUS.TTS_VOICE, values.ttsVoice());
        columns.put(IVR_MENUS.MAX_TIMEOUT, (short) values.maxTimeout());
        columns.put(IVR_MENUS.INTER_DIGIT_TIMEOUT, (short) values.interDigitTimeout());
        columns.put(IVR_MENUS.MAX_TURNS, (short) values.maxTurns());
        columns.put(IVR_MENUS.FAILOVER_DESTINATION_TYPE, values.failoverDestinationType());
        columns.put(IVR_MENUS.FAILOVER_DESTINATION_ID, values.failoverDestinationId());
        columns.put(IVR_MENUS.STATUS, values.status());
        return columns;
    }
}
