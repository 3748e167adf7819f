package opbx.conferences;

import static opbx.db.gen.Tables.CONFERENCE_ROOMS;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.http.PageRequest;
import opbx.secrets.ConferencePins;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/** Conference rooms, scoped by organisation in every statement (style: tenant scope in every query). */
public final class ConferenceRoomRepository {

    private final ConferencePins pins;

    /** PINs are sealed on the way in and opened on the way out: everything above this class sees them in clear. */
    public ConferenceRoomRepository(ConferencePins pins) {
        this.pins = pins;
    }

    /** Sort names of the rooms list (control-plane spec §3.3) and their columns. */
    static final Map<String, Field<?>> SORTABLE = Map.of(
            "name", CONFERENCE_ROOMS.NAME,
            "max_participants", CONFERENCE_ROOMS.MAX_PARTICIPANTS,
            "status", CONFERENCE_ROOMS.STATUS,
            "created_at", CONFERENCE_ROOMS.CREATED_AT,
            "updated_at", CONFERENCE_ROOMS.UPDATED_AT);

    /** What the rooms list filters on; null = no filter. */
    public record ListFilter(String status) {
    }

    /** The columns a create or update writes; the caller has validated them. */
    public record Values(String name, String description, int maxParticipants, String status, String pin,
                         boolean pinRequired, String hostPin, boolean recordingEnabled, boolean recordingAutoStart,
                         String recordingWebhookUrl, boolean waitForHost, boolean muteOnEntry,
                         boolean announceJoinLeave, boolean musicOnHold, boolean talkDetectionEnabled,
                         String talkDetectionWebhookUrl) {
    }

    private Condition owned(long organizationId) {
        return CONFERENCE_ROOMS.ORGANIZATION_ID.eq(organizationId);
    }

    public Optional<ConferenceRoom> find(DSLContext dsl, long organizationId, long id) {
        return dsl.selectFrom(CONFERENCE_ROOMS)
                .where(owned(organizationId))
                .and(CONFERENCE_ROOMS.ID.eq(id))
                .fetchOptional()
                .map(this::toRoom);
    }

    /** Rooms as other resources embed them (the full room object), by id, in one query. */
    public Map<Long, Map<String, Object>> findForEmbedding(DSLContext dsl, long organizationId, Collection<Long> ids) {
        Map<Long, Map<String, Object>> found = new LinkedHashMap<>();
        dsl.selectFrom(CONFERENCE_ROOMS)
                .where(owned(organizationId))
                .and(CONFERENCE_ROOMS.ID.in(ids))
                .fetch()
                .forEach(row -> found.put(row.getId(), ConferenceRoomJson.of(toRoom(row), false)));
        return found;
    }

    /** The room, its row locked until the transaction ends (updates and the delete's reference check). */
    public Optional<ConferenceRoom> findForUpdate(DSLContext trx, long organizationId, long id) {
        return trx.selectFrom(CONFERENCE_ROOMS)
                .where(owned(organizationId))
                .and(CONFERENCE_ROOMS.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .map(this::toRoom);
    }

    /** Names are unique per organisation, case-insensitively. */
    public boolean nameTaken(DSLContext dsl, long organizationId, String name, Long exceptId) {
        Condition condition = owned(organizationId).and(DSL.lower(CONFERENCE_ROOMS.NAME).eq(DSL.lower(DSL.val(name))));
        if (exceptId != null) {
            condition = condition.and(CONFERENCE_ROOMS.ID.ne(exceptId));
        }
        return dsl.fetchExists(CONFERENCE_ROOMS, condition);
    }

    public List<ConferenceRoom> list(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        Field<?> column = page.sortColumn(SORTABLE);
        SortField<?> order = page.ascending() ? column.asc() : column.desc();
        return dsl.selectFrom(CONFERENCE_ROOMS)
                .where(listCondition(organizationId, filter, page))
                .orderBy(order, page.ascending() ? CONFERENCE_ROOMS.ID.asc() : CONFERENCE_ROOMS.ID.desc())
                .limit(page.perPage())
                .offset(page.offset())
                .fetch(this::toRoom);
    }

    public int count(DSLContext dsl, long organizationId, ListFilter filter, PageRequest page) {
        return dsl.fetchCount(CONFERENCE_ROOMS, listCondition(organizationId, filter, page));
    }

    private Condition listCondition(long organizationId, ListFilter filter, PageRequest page) {
        Condition condition = owned(organizationId);
        if (filter.status() != null) {
            condition = condition.and(CONFERENCE_ROOMS.STATUS.eq(filter.status()));
        }
        if (page.search().isPresent()) {
            String pattern = PageRequest.likePattern(page.search().get());
            condition = condition.and(CONFERENCE_ROOMS.NAME.likeIgnoreCase(pattern, '\\')
                    .or(CONFERENCE_ROOMS.DESCRIPTION.likeIgnoreCase(pattern, '\\')));
        }
        return condition;
    }

    public long insert(DSLContext trx, long organizationId, Values values) {
        return trx.insertInto(CONFERENCE_ROOMS)
                .set(CONFERENCE_ROOMS.ORGANIZATION_ID, organizationId)
                .set(columns(organizationId, values))
                .returning(CONFERENCE_ROOMS.ID)
                .fetchOne(CONFERENCE_ROOMS.ID);
    }

    public void update(DSLContext trx, long organizationId, long id, Values values) {
        trx.update(CONFERENCE_ROOMS)
                .set(columns(organizationId, values))
                .set(CONFERENCE_ROOMS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(owned(organizationId))
                .and(CONFERENCE_ROOMS.ID.eq(id))
                .execute();
    }

    public void delete(DSLContext trx, long organizationId, long id) {
        trx.deleteFrom(CONFERENCE_ROOMS)
                .where(owned(organizationId))
                .and(CONFERENCE_ROOMS.ID.eq(id))
                .execute();
    }

    /** The columns a create and an update both write. */
    private Map<Field<?>, Object> columns(long organizationId, Values values) {
        Map<Field<?>, Object> columns = new LinkedHashMap<>();
        columns.put(CONFERENCE_ROOMS.NAME, values.name());
        columns.put(CONFERENCE_ROOMS.DESCRIPTION, values.description());
        columns.put(CONFERENCE_ROOMS.MAX_PARTICIPANTS, values.maxParticipants());
        columns.put(CONFERENCE_ROOMS.STATUS, values.status());
        columns.put(CONFERENCE_ROOMS.PIN, pins.seal(values.pin(), "pin", organizationId));
        columns.put(CONFERENCE_ROOMS.PIN_REQUIRED, values.pinRequired());
        columns.put(CONFERENCE_ROOMS.HOST_PIN, pins.seal(values.hostPin(), "host_pin", organizationId));
        columns.put(CONFERENCE_ROOMS.RECORDING_ENABLED, values.recordingEnabled());
        columns.put(CONFERENCE_ROOMS.RECORDING_AUTO_START, values.recordingAutoStart());
        columns.put(CONFERENCE_ROOMS.RECORDING_WEBHOOK_URL, values.recordingWebhookUrl());
        columns.put(CONFERENCE_ROOMS.WAIT_FOR_HOST, values.waitForHost());
        columns.put(CONFERENCE_ROOMS.MUTE_ON_ENTRY, values.muteOnEntry());
        columns.put(CONFERENCE_ROOMS.ANNOUNCE_JOIN_LEAVE, values.announceJoinLeave());
        columns.put(CONFERENCE_ROOMS.MUSIC_ON_HOLD, values.musicOnHold());
        columns.put(CONFERENCE_ROOMS.TALK_DETECTION_ENABLED, values.talkDetectionEnabled());
        columns.put(CONFERENCE_ROOMS.TALK_DETECTION_WEBHOOK_URL, values.talkDetectionWebhookUrl());
        return columns;
    }

    private ConferenceRoom toRoom(ConferenceRoomsRecord row) {
        long org = row.getOrganizationId();
        return new ConferenceRoom(row.getId(), org, new Values(
                row.getName(), row.getDescription(), row.getMaxParticipants(), row.getStatus(),
                pins.open(row.getPin(), "pin", org), row.getPinRequired(), pins.open(row.getHostPin(), "host_pin", org), row.getRecordingEnabled(), row.getRecordingAutoStart(),
                row.getRecordingWebhookUrl(), row.getWaitForHost(), row.getMuteOnEntry(), row.getAnnounceJoinLeave(),
                row.getMusicOnHold(), row.getTalkDetectionEnabled(), row.getTalkDetectionWebhookUrl()),
                row.getCreatedAt(), row.getUpdatedAt());
    }
}
