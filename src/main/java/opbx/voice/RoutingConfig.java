package opbx.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import opbx.voice.model.DidInfo;
import opbx.voice.model.ExtensionInfo;
import opbx.voice.model.MenuInfo;
import opbx.voice.model.OrgInfo;
import opbx.voice.model.RingGroupInfo;
import opbx.voice.model.RoomInfo;
import opbx.voice.model.WhitelistRow;

/**
 * Everything routing reads of one organisation, as it was at one configuration version (read in one repeatable-read
 * transaction, the version with it), immutable. An instance keeps it in memory and uses it while the organisation's
 * current version, read from Redis on every call, is not newer: a decision is then lookups in these maps, and no
 * write, whatever became of its cache invalidation, can leave a stale configuration in use.
 */
public final class RoutingConfig {

    private final long version;
    private final OrgInfo organization;
    private final String requestsKeyHash;
    private final Map<String, ExtensionInfo> extensionsByNumber;
    private final Map<Long, ExtensionInfo> extensionsById;
    private final Map<String, DidInfo> dids;
    private final Map<Long, RingGroupInfo> ringGroups;
    private final Map<Long, MenuInfo> menus;
    private final Map<Long, RoomInfo> rooms;
    private final Map<Long, ScheduleInfo> schedules;
    private final List<WhitelistRow> whitelist;

    RoutingConfig(long version, OrgInfo organization, String requestsKeyHash, Map<String, ExtensionInfo> extensionsByNumber,
                  Map<Long, ExtensionInfo> extensionsById, Map<String, DidInfo> dids, Map<Long, RingGroupInfo> ringGroups,
                  Map<Long, MenuInfo> menus, Map<Long, RoomInfo> rooms, Map<Long, ScheduleInfo> schedules,
                  List<WhitelistRow> whitelist) {
        this.version = version;
        this.organization = organization;
        this.requestsKeyHash = requestsKeyHash;
        this.extensionsByNumber = Map.copyOf(extensionsByNumber);
        this.extensionsById = Map.copyOf(extensionsById);
        this.dids = Map.copyOf(dids);
        this.ringGroups = Map.copyOf(ringGroups);
        this.menus = Map.copyOf(menus);
        this.rooms = Map.copyOf(rooms);
        this.schedules = Map.copyOf(schedules);
        this.whitelist = List.copyOf(whitelist);
    }

    /** The organisation's {@code routing_version} this configuration was read at. */
    public long version() {
        return version;
    }

    public OrgInfo organization() {
        return organization;
    }

    public long org() {
        return organization.id();
    }

    /** The SHA-256 of the organisation's domain requests key, or null: what proves a key still belongs to it. */
    String requestsKeyHash() {
        return requestsKeyHash;
    }

    /** A DID in strict E.164, active or not. */
    public Optional<DidInfo> did(String e164) {
        return Optional.ofNullable(dids.get(e164));
    }

    /** A non-deleted extension by its number. */
    public Optional<ExtensionInfo> extensionByNumber(String number) {
        return Optional.ofNullable(extensionsByNumber.get(number));
    }

    /** A non-deleted extension by its id. */
    public Optional<ExtensionInfo> extensionById(long id) {
        return Optional.ofNullable(extensionsById.get(id));
    }

    /** Extensions by id, in the order given, empty where none is. */
    public List<Optional<ExtensionInfo>> extensionsById(List<Long> ids) {
        List<Optional<ExtensionInfo>> found = new ArrayList<>(ids.size());
        for (Long id : ids) {
            found.add(Optional.ofNullable(extensionsById.get(id)));
        }
        return found;
    }

    public Optional<RingGroupInfo> ringGroup(long id) {
        return Optional.ofNullable(ringGroups.get(id));
    }

    public Optional<MenuInfo> menu(long id) {
        return Optional.ofNullable(menus.get(id));
    }

    public Optional<RoomInfo> room(long id) {
        return Optional.ofNullable(rooms.get(id));
    }

    /** A non-deleted business-hours schedule. */
    public Optional<ScheduleInfo> schedule(long id) {
        return Optional.ofNullable(schedules.get(id));
    }

    /** Every outbound whitelist row, by id. */
    public List<WhitelistRow> whitelist() {
        return whitelist;
    }
}
