package opbx.voice;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.DID_NUMBERS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;
import static opbx.db.gen.Tables.ORGANIZATIONS;
import static opbx.db.gen.Tables.OUTBOUND_WHITELISTS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import opbx.businesshours.BusinessHoursRepository;
import opbx.cache.RedisKeys;
import opbx.cache.RoutingKeys;
import opbx.db.CrossTenantQuery;
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
import org.jooq.impl.DSL;

/**
 * Every lookup on the routing path, cache-aside (execution-plane spec §10.2): a warm decision reads only Redis; a
 * miss reads PostgreSQL (indexed, always with the organisation) and writes back. The key families and TTLs are the
 * spec's; the control plane's writes delete them through {@link RoutingKeys}.
 */
public final class RoutingData {

    private static final Duration AUTH_TTL = Duration.ofSeconds(300);
    private static final Duration ORG_TTL = Duration.ofSeconds(300);
    private static final Duration OBJECT_TTL = Duration.ofSeconds(1800);
    private static final Duration SCHEDULE_TTL = Duration.ofSeconds(900);
    private static final Duration ABSENT_TTL = Duration.ofSeconds(60);
    private static final Duration AUTH_ABSENT_TTL = Duration.ofSeconds(30);

    private final DSLContext dsl;
    private final RoutingCache cache;
    private final ObjectMapper mapper;
    private final BusinessHoursRepository schedules = new BusinessHoursRepository();

    public RoutingData(DSLContext dsl, RoutingCache cache, ObjectMapper mapper) {
        this.dsl = dsl;
        this.cache = cache;
        this.mapper = mapper;
    }

    public RoutingCache cache() {
        return cache;
    }

    /** The organisation whose requests key hashes to {@code sha256Hex}: one indexed lookup, cached. */
    public Optional<Long> organizationByKeyHash(String sha256Hex) {
        return cache.get(RedisKeys.global("auth", "key", sha256Hex), cache.type(Long.class), AUTH_TTL, AUTH_ABSENT_TTL,
                () -> CrossTenantQuery.ORGANIZATION_BY_REQUESTS_KEY.dsl(dsl)
                        .select(CLOUDONIX_SETTINGS.ORGANIZATION_ID)
                        .from(CLOUDONIX_SETTINGS)
                        .where(CLOUDONIX_SETTINGS.DOMAIN_REQUESTS_API_KEY_HASH.eq(sha256Hex))
                        .fetchOptional(CLOUDONIX_SETTINGS.ORGANIZATION_ID));
    }

    /**
     * The organisation owning a Cloudonix domain, by uuid or case-insensitive name (webhooks, §1.3): one indexed
     * lookup, cached under {@code opbx:dom:{uuid or lower-cased name}}.
     */
    public Optional<Long> organizationByDomain(String domain) {
        String value = domain.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.length() > 255) {
            return Optional.empty();
        }
        UUID uuid = uuid(value);
        return cache.get(RedisKeys.global("dom", value), cache.type(Long.class), AUTH_TTL, AUTH_ABSENT_TTL,
                () -> CrossTenantQuery.ORGANIZATION_BY_DOMAIN.dsl(dsl)
                        .select(CLOUDONIX_SETTINGS.ORGANIZATION_ID)
                        .from(CLOUDONIX_SETTINGS)
                        .where(uuid != null ? CLOUDONIX_SETTINGS.DOMAIN_UUID.eq(uuid)
                                : DSL.lower(CLOUDONIX_SETTINGS.DOMAIN_NAME).eq(value))
                        .fetchOptional(CLOUDONIX_SETTINGS.ORGANIZATION_ID));
    }

    private static UUID uuid(String value) {
        if (!value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return null;
        }
        return UUID.fromString(value);
    }

    public Optional<OrgInfo> organization(long org) {
        return cache.get(RoutingKeys.organization(org), cache.type(OrgInfo.class), ORG_TTL, ABSENT_TTL, () -> dsl
                .select(ORGANIZATIONS.ID, ORGANIZATIONS.STATUS, ORGANIZATIONS.DELETED_AT, ORGANIZATIONS.TIMEZONE,
                        ORGANIZATIONS.SETTINGS, CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL, CLOUDONIX_SETTINGS.DOMAIN_NAME,
                        CLOUDONIX_SETTINGS.DOMAIN_UUID, CLOUDONIX_SETTINGS.ACCEPT_UNAUTHENTICATED_CDR)
                .from(ORGANIZATIONS)
                .leftJoin(CLOUDONIX_SETTINGS).on(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(ORGANIZATIONS.ID)
                        .and(CLOUDONIX_SETTINGS.ORGANIZATION_ID.eq(org)))
                .where(ORGANIZATIONS.ID.eq(org))
                .fetchOptional(row -> {
                    JsonNode settings = json(row.get(ORGANIZATIONS.SETTINGS));
                    JsonNode voice = settings.path("rate_limits").path("voice");
                    JsonNode webhook = settings.path("rate_limits").path("webhook");
                    return new OrgInfo(row.get(ORGANIZATIONS.ID), row.get(ORGANIZATIONS.STATUS),
                            row.get(ORGANIZATIONS.DELETED_AT) != null, row.get(ORGANIZATIONS.TIMEZONE),
                            settings.path("default_country").asText("US"), voice.isInt() ? voice.asInt() : null,
                            row.get(CLOUDONIX_SETTINGS.WEBHOOK_BASE_URL), row.get(CLOUDONIX_SETTINGS.DOMAIN_NAME),
                            row.get(CLOUDONIX_SETTINGS.DOMAIN_UUID) == null ? null
                                    : row.get(CLOUDONIX_SETTINGS.DOMAIN_UUID).toString(),
                            webhook.isInt() ? webhook.asInt() : null,
                            Boolean.TRUE.equals(row.get(CLOUDONIX_SETTINGS.ACCEPT_UNAUTHENTICATED_CDR)));
                }));
    }

    public Optional<DidInfo> did(long org, String e164) {
        return cache.get(RoutingKeys.did(org, e164), cache.type(DidInfo.class), OBJECT_TTL, ABSENT_TTL, () -> dsl
                .select(DID_NUMBERS.ID, DID_NUMBERS.PHONE_NUMBER, DID_NUMBERS.ROUTING_TYPE, DID_NUMBERS.TARGET_ID,
                        DID_NUMBERS.STATUS)
                .from(DID_NUMBERS)
                .where(DID_NUMBERS.ORGANIZATION_ID.eq(org))
                .and(DID_NUMBERS.PHONE_NUMBER.eq(e164))
                .fetchOptional(row -> new DidInfo(row.value1(), row.value2(), row.value3(), row.value4(), row.value5())));
    }

    public Optional<ExtensionInfo> extensionByNumber(long org, String number) {
        return cache.get(RoutingKeys.extensionByNumber(org, number), cache.type(ExtensionInfo.class), OBJECT_TTL, ABSENT_TTL,
                () -> extension(org, EXTENSIONS.EXTENSION_NUMBER.eq(number)));
    }

    public Optional<ExtensionInfo> extensionById(long org, long id) {
        return cache.get(RoutingKeys.extensionById(org, id), cache.type(ExtensionInfo.class), OBJECT_TTL, ABSENT_TTL,
                () -> extension(org, EXTENSIONS.ID.eq(id)));
    }

    /** Extensions by id in one Redis round trip (a ring group's members, execution-plane spec §10.1). */
    public List<Optional<ExtensionInfo>> extensionsById(long org, List<Long> ids) {
        return cache.getAll(ids.stream().map(id -> RoutingKeys.extensionById(org, id)).toList(), cache.type(ExtensionInfo.class),
                OBJECT_TTL, ABSENT_TTL, index -> extension(org, EXTENSIONS.ID.eq(ids.get(index))));
    }

    private Optional<ExtensionInfo> extension(long org, org.jooq.Condition which) {
        return dsl.select(EXTENSIONS.ID, EXTENSIONS.EXTENSION_NUMBER, EXTENSIONS.TYPE, EXTENSIONS.STATUS,
                        EXTENSIONS.CONFIGURATION, EXTENSIONS.SERVICE_URL, EXTENSIONS.SERVICE_TOKEN, EXTENSIONS.SERVICE_PARAMS)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(which)
                .and(EXTENSIONS.DELETED_AT.isNull())
                .fetchOptional(row -> new ExtensionInfo(row.value1(), row.value2(), row.value3(), row.value4(),
                        json(row.value5()), row.value6(), row.value7(), row.value8() == null ? null : json(row.value8())));
    }

    public Optional<RingGroupInfo> ringGroup(long org, long id) {
        return cache.get(RoutingKeys.ringGroup(org, id), cache.type(RingGroupInfo.class), OBJECT_TTL, ABSENT_TTL,
                () -> dsl.selectFrom(RING_GROUPS)
                        .where(RING_GROUPS.ORGANIZATION_ID.eq(org))
                        .and(RING_GROUPS.ID.eq(id))
                        .fetchOptional(row -> new RingGroupInfo(row.getId(), row.getName(), row.getStrategy(),
                                row.getTimeout(), row.getRingTurns(), row.getFallbackAction(), row.getFallbackExtensionId(),
                                row.getFallbackRingGroupId(), row.getFallbackIvrMenuId(), row.getFallbackAiAssistantId(),
                                row.getStatus(), dsl.select(RING_GROUP_MEMBERS.EXTENSION_ID, RING_GROUP_MEMBERS.PRIORITY,
                                                RING_GROUP_MEMBERS.ID)
                                        .from(RING_GROUP_MEMBERS)
                                        .where(RING_GROUP_MEMBERS.ORGANIZATION_ID.eq(org))
                                        .and(RING_GROUP_MEMBERS.RING_GROUP_ID.eq(id))
                                        .orderBy(RING_GROUP_MEMBERS.PRIORITY, RING_GROUP_MEMBERS.ID)
                                        .fetch(member -> new RingGroupInfo.Member(member.value1(), member.value2(),
                                                member.value3())))));
    }

    public Optional<MenuInfo> menu(long org, long id) {
        return cache.get(RoutingKeys.ivrMenu(org, id), cache.type(MenuInfo.class), OBJECT_TTL, ABSENT_TTL,
                () -> dsl.selectFrom(IVR_MENUS)
                        .where(IVR_MENUS.ORGANIZATION_ID.eq(org))
                        .and(IVR_MENUS.ID.eq(id))
                        .fetchOptional(row -> new MenuInfo(row.getId(), row.getOrganizationId(), row.getName(),
                                row.getAudioFilePath(), row.getTtsText(), row.getTtsVoice(), toInt(row.getMaxTimeout()),
                                toInt(row.getInterDigitTimeout()), toInt(row.getMaxTurns()), row.getFailoverDestinationType(),
                                row.getFailoverDestinationId(), row.getStatus(),
                                dsl.select(IVR_MENU_OPTIONS.INPUT_DIGITS, IVR_MENU_OPTIONS.DESTINATION_TYPE,
                                                IVR_MENU_OPTIONS.DESTINATION_ID)
                                        .from(IVR_MENU_OPTIONS)
                                        .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(org))
                                        .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(id))
                                        .orderBy(IVR_MENU_OPTIONS.PRIORITY, IVR_MENU_OPTIONS.ID)
                                        .fetch(option -> new MenuInfo.Option(option.value1(), option.value2(),
                                                option.value3())))));
    }

    public Optional<RoomInfo> room(long org, long id) {
        return cache.get(RoutingKeys.conferenceRoom(org, id), cache.type(RoomInfo.class), OBJECT_TTL, ABSENT_TTL,
                () -> dsl.selectFrom(opbx.db.gen.Tables.CONFERENCE_ROOMS)
                        .where(opbx.db.gen.Tables.CONFERENCE_ROOMS.ORGANIZATION_ID.eq(org))
                        .and(opbx.db.gen.Tables.CONFERENCE_ROOMS.ID.eq(id))
                        .fetchOptional(RoutingData::room));
    }

    private static RoomInfo room(ConferenceRoomsRecord row) {
        return new RoomInfo(row.getId(), row.getStatus(), row.getMaxParticipants(), row.getPin(), row.getPinRequired(),
                row.getHostPin(), row.getWaitForHost(), row.getMuteOnEntry(), row.getAnnounceJoinLeave(),
                row.getMusicOnHold(), row.getRecordingEnabled(), row.getRecordingAutoStart(), row.getRecordingWebhookUrl(),
                row.getTalkDetectionEnabled(), row.getTalkDetectionWebhookUrl());
    }

    public Optional<ScheduleInfo> schedule(long org, long id) {
        return cache.get(RoutingKeys.businessHours(org, id), cache.type(ScheduleInfo.class), SCHEDULE_TTL, ABSENT_TTL,
                () -> schedules.find(dsl, org, id).map(schedule -> new ScheduleInfo(schedule.id(), schedule.timezone(),
                        schedule.openAction().type(), schedule.openAction().targetId(), schedule.closedAction().type(),
                        schedule.closedAction().targetId(), schedule.toScheduleData())));
    }

    /** All whitelist rows of the organisation (an empty list is cached too). */
    public List<WhitelistRow> whitelist(long org) {
        JavaType type = mapper.getTypeFactory().constructCollectionType(List.class, WhitelistRow.class);
        return cache.<List<WhitelistRow>>get(RoutingKeys.outboundWhitelist(org), type, OBJECT_TTL, ABSENT_TTL,
                () -> Optional.of(dsl.selectFrom(OUTBOUND_WHITELISTS)
                        .where(OUTBOUND_WHITELISTS.ORGANIZATION_ID.eq(org))
                        .orderBy(OUTBOUND_WHITELISTS.ID)
                        .fetch(row -> new WhitelistRow(row.getId(), row.getDestinationCountry(), row.getDestinationPrefix(),
                                row.getOutboundTrunkName())))).orElse(List.of());
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
