package opbx.voice;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.CONFERENCE_ROOMS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.OUTBOUND_WHITELISTS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.businesshours.BusinessHoursRepository;
import opbx.db.gen.tables.records.ConferenceRoomsRecord;
import opbx.voice.model.DidInfo;
import opbx.voice.model.ExtensionInfo;
import opbx.voice.model.MenuInfo;
import opbx.voice.model.OrgInfo;
import opbx.voice.model.RingGroupInfo;
import opbx.voice.model.RoomInfo;
import opbx.voice.model.WhitelistRow;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * Reads one organisation's whole routing configuration from PostgreSQL: a fixed number of indexed queries (one per
 * kind of object), all with the organisation's predicate, in one repeatable-read, read-only transaction together with
 * the {@code routing_version} they belong to.
 */
final class RoutingConfigLoader {

    private final DSLContext dsl;
    private final ObjectMapper mapper;
    private final BusinessHoursRepository schedules = new BusinessHoursRepository();

    RoutingConfigLoader(DSLContext dsl, ObjectMapper mapper) {
        this.dsl = dsl;
        this.mapper = mapper;
    }

    /** The configuration, or empty when the organisation does not exist. */
    Optional<RoutingConfig> load(long org) {
        return dsl.transactionResult(configuration -> {
            DSLContext trx = configuration.dsl();
            trx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Optional<Record> organization = trx
                    .select(ORGANIZATIONS.ID, ORGANIZATIONS.STATUS, ORGANIZATIONS.DELETED_AT, ORGANIZATIONS.TIMEZONE,
                            ORGANIZATIONS.SETTINGS, ORGANIZATIONS.ROUTING_VERSION, CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL,
                            CLOUDONIX_SETTINGS.DOMAIN_NAME, CLOUDONIX_SETTINGS.DOMAIN_UUID,
                            CLOUDONIX_SETTINGS.ACCEPT_UNAUTHENTICATED_CDR, CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH)
                    .from(ORGANIZATIONS)
                    .leftJoin(CLOUDONIX_SETTINGS).on(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(ORGANIZATIONS.ID)
                            .and(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(org)))
                    .where(ORGANIZATIONS.ID.eq(org))
                    .fetchOptional()
                    .map(Record.class::cast);
            if (organization.isEmpty()) {
                return Optional.empty();
            }
            Record row = organization.get();
            List<ExtensionInfo> extensions = extensions(trx, org);
            Map<String, ExtensionInfo> byNumber = new HashMap<>();
            Map<Long, ExtensionInfo> byId = new HashMap<>();
            for (ExtensionInfo extension : extensions) {
                byNumber.put(extension.number(), extension);
                byId.put(extension.id(), extension);
            }
            return Optional.of(new RoutingConfig(row.get(ORGANIZATIONS.ROUTING_VERSION), organization(row),
                    row.get(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH), byNumber, byId, dids(trx, org),
                    ringGroups(trx, org), menus(trx, org), rooms(trx, org), schedules(trx, org), whitelist(trx, org)));
        });
    }

    private OrgInfo organization(Record row) {
        JsonNode settings = json(row.get(ORGANIZATIONS.SETTINGS));
        JsonNode voice = settings.path("rate_limits").path("voice");
        JsonNode webhook = settings.path("rate_limits").path("webhook");
        return new OrgInfo(row.get(ORGANIZATIONS.ID), row.get(ORGANIZATIONS.STATUS), row.get(ORGANIZATIONS.DELETED_AT) != null,
                row.get(ORGANIZATIONS.TIMEZONE), settings.path("default_country").asText("US"),
                voice.isInt() ? voice.asInt() : null, row.get(CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL),
                row.get(CLOUDONIX_SETTINGS.DOMAIN_NAME),
                row.get(CLOUDONIX_SETTINGS.DOMAIN_UUID) == null ? null : row.get(CLOUDONIX_SETTINGS.DOMAIN_UUID).toString(),
                webhook.isInt() ? webhook.asInt() : null,
                Boolean.TRUE.equals(row.get(CLOUDONIX_SETTINGS.ACCEPT_UNAUTHENTICATED_CDR)));
    }

    private List<ExtensionInfo> extensions(DSLContext trx, long org) {
        return trx.select(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.TYPE, EXTENSIONS.STATUS,
                        EXTENSIONS.CONFIGURATION, EXTENSIONS.SERVICE_URL, EXTENSIONS.SERVICE_TOKEN, EXTENSIONS.SERVICE_PARAMS)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.DELETED_AT.isNull())
                .fetch(row -> new ExtensionInfo(row.value1(), row.value2(), row.value3(), row.value4(),
                        json(row.value5()), row.value6(), row.value7(), row.value8() == null ? null : json(row.value8())));
    }

    private static Map<String, DidInfo> dids(DSLContext trx, long org) {
        Map<String, DidInfo> dids = new HashMap<>();
        trx.select(DID_NUMBERS.ID, DID_NUMBERS.PHONE_NUMBER, DID_NUMBERS.ROUTING_TYPE, DID_NUMBERS.TARGET_ID,
                        DID_NUMBERS.STATUS)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(org))
                .forEach(row -> dids.put(row.value2(),
                        new DidInfo(row.value1(), row.value2(), row.value3(), row.value4(), row.value5())));
        return dids;
    }

    private static Map<Long, RingGroupInfo> ringGroups(DSLContext trx, long org) {
        Map<Long, List<RingGroupInfo.Member>> members = new HashMap<>();
        trx.select(RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUP_MEMBERS.EXTENSION_ID, RING_GROUP_MEMBERS.PRIORITY,
                        RING_GROUP_MEMBERS.ID)
                .from(RING_GROUP_MEMBERS)
                .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(org))
                .orderBy(RING_GROUP_MEMBERS.RING_GROUP_ID, RING_GROUP_MEMBERS.PRIORITY, RING_GROUP_MEMBERS.ID)
                .forEach(row -> members.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add(new RingGroupInfo.Member(row.value2(), row.value3(), row.value4())));
        Map<Long, RingGroupInfo> groups = new HashMap<>();
        trx.selectFrom(RING_GROUPS)
                .where(RING_GROUPS.ORGANIZATION_ID.eq(org))
                .forEach(row -> groups.put(row.getId(), new RingGroupInfo(row.getId(), row.getName(), row.getStrategy(),
                        row.getTimeout(), row.getRingTurns(), row.getFallbackAction(), row.getFallbackExtensionId(),
                        row.getFallbackRingGroupId(), row.getFallbackIvrMenuId(), row.getFallbackAiAssistantId(),
                        row.getStatus(), List.copyOf(members.getOrDefault(row.getId(), List.of())))));
        return groups;
    }

    private static Map<Long, MenuInfo> menus(DSLContext trx, long org) {
        Map<Long, List<MenuInfo.Option>> options = new HashMap<>();
        trx.select(IVR_MENU_OPTIONS.IVR_MENU_ID, IVR_MENU_OPTIONS.INPUT_DIGITS, IVR_MENU_OPTIONS.DESTINATION_TYPE,
                        IVR_MENU_OPTIONS.DESTINATION_ID)
                .from(IVR_MENU_OPTIONS)
                .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(org))
                .orderBy(IVR_MENU_OPTIONS.IVR_MENU_ID, IVR_MENU_OPTIONS.PRIORITY, IVR_MENU_OPTIONS.ID)
                .forEach(row -> options.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add(new MenuInfo.Option(row.value2(), row.value3(), row.value4())));
        Map<Long, MenuInfo> menus = new HashMap<>();
        trx.selectFrom(IVR_MENUS)
                .where(IVR_MENUS.ORGANIZATION_ID.eq(org))
                .forEach(row -> menus.put(row.getId(), new MenuInfo(row.getId(), row.getOrganizationId(), row.getName(),
                        row.getAudioFilePath(), row.getTtsText(), row.getTtsVoice(), toInt(row.getMaxTimeout()),
                        toInt(row.getInterDigitTimeout()), toInt(row.getMaxTurns()), row.getFailoverDestinationType(),
                        row.getFailoverDestinationId(), row.getStatus(),
                        List.copyOf(options.getOrDefault(row.getId(), List.of())))));
        return menus;
    }

    /** PINs stay sealed here: routing opens them only to compare what a caller keys in. */
    private static Map<Long, RoomInfo> rooms(DSLContext trx, long org) {
        Map<Long, RoomInfo> rooms = new HashMap<>();
        trx.selectFrom(CONFERENCE_ROOMS)
                .where(CONFERENCE_ROOMS.ORGANIZATION_ID.eq(org))
                .forEach(row -> rooms.put(row.getId(), room(row)));
        return rooms;
    }

    private static RoomInfo room(ConferenceRoomsRecord row) {
        return new RoomInfo(row.getId(), row.getName(), row.getStatus(), row.getMaxParticipants(), row.getPin(), row.getPinRequired(),
                row.getHostPin(), row.getWaitForHost(), row.getMuteOnEntry(), row.getAnnounceJoinLeave(),
                row.getMusicOnHold(), row.getRecordingEnabled(), row.getRecordingAutoStart(), row.getRecordingWebhookUrl(),
                row.getTalkDetectionEnabled(), row.getTalkDetectionWebhookUrl());
    }

    private Map<Long, ScheduleInfo> schedules(DSLContext trx, long org) {
        Map<Long, ScheduleInfo> found = new HashMap<>();
        schedules.findAllNotDeleted(trx, org).forEach(schedule -> found.put(schedule.id(), new ScheduleInfo(schedule.id(),
                schedule.name(), schedule.status(), schedule.timezone(), schedule.openAction().type(), schedule.openAction().targetId(),
                schedule.closedAction().type(), schedule.closedAction().targetId(), schedule.toScheduleData())));
        return found;
    }

    private static List<WhitelistRow> whitelist(DSLContext trx, long org) {
        return trx.selectFrom(OUTBOUND_WHITELISTS)
                .where(OUTBOUND_WHITELISTS.ORGANIZATION_ID.eq(org))
                .orderBy(OUTBOUND_WHITELISTS.ID)
                .fetch(row -> new WhitelistRow(row.getId(), row.getDestinationCountry(), row.getDestinationPrefix(),
                        row.getOutboundTrunkName()));
    }

    private static Integer toInt(Short value) {
        return value == null ? null : value.intValue();
    }

    private JsonNode json(JSONB value) {
        try {
            return value == null ? mapper.createObjectNode() : mapper.readTree(value.data());
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
