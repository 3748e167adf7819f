package opbx.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import opbx.access.AccessControl;
import opbx.access.RequestLimits;
import opbx.audit.AuditHandler;
import opbx.audit.AuditLog;
import opbx.audit.AuditRepository;
import opbx.auth.AuthHandler;
import opbx.auth.AuthService;
import opbx.auth.LoginGuard;
import opbx.auth.Passwords;
import opbx.auth.SignupService;
import opbx.auth.TokenRepository;
import opbx.businesshours.BusinessHoursEmbedding;
import opbx.businesshours.BusinessHoursHandler;
import opbx.businesshours.BusinessHoursRepository;
import opbx.businesshours.BusinessHoursService;
import opbx.cache.CacheInvalidator;
import opbx.cache.Redis;
import opbx.callflows.CallFlowGraphs;
import opbx.callflows.CallFlowGuard;
import opbx.callflows.CallFlowsHandler;
import opbx.calls.CallInitiation;
import opbx.calls.CallLogWriter;
import opbx.calllogs.CallLogRepository;
import opbx.calllogs.CallLogService;
import opbx.calllogs.CallLogsHandler;
import opbx.cdrs.CdrExport;
import opbx.cdrs.CdrRepository;
import opbx.cdrs.CdrService;
import opbx.cdrs.CdrsHandler;
import opbx.conferences.ConferenceRoomRepository;
import opbx.conferences.ConferenceRoomService;
import opbx.conferences.ConferenceRoomsHandler;
import opbx.cloudonix.CloudonixClient;
import opbx.config.CallbackBase;
import opbx.config.Config;
import opbx.config.RedisTarget;
import opbx.events.EventPublisher;
import opbx.events.EventsHandler;
import opbx.events.RedisEventPublisher;
import opbx.extensions.ExtensionJson;
import opbx.extensions.ExtensionRepository;
import opbx.extensions.ExtensionService;
import opbx.extensions.ExtensionsHandler;
import opbx.extensions.SubscriberComparison;
import opbx.extensions.SubscriberReconciler;
import opbx.extensions.SubscriberSync;
import opbx.http.Feature;
import opbx.http.Requests;
import opbx.ivr.IvrMenuEmbedding;
import opbx.ivr.IvrMenuRepository;
import opbx.ivr.IvrMenuService;
import opbx.ivr.IvrMenusHandler;
import opbx.ivr.IvrVoices;
import opbx.livecalls.LiveCallRepository;
import opbx.livecalls.LiveCallService;
import opbx.livecalls.LiveCallsHandler;
import opbx.metrics.Meters;
import opbx.organizations.LocalDays;
import opbx.organizations.OrganizationRepository;
import opbx.organizations.OrganizationService;
import opbx.phonenumbers.PhoneNumberRepository;
import opbx.phonenumbers.PhoneNumberService;
import opbx.phonenumbers.PhoneNumbersHandler;
import opbx.phonenumbers.RoutingType;
import opbx.phonenumbers.TargetLoader;
import opbx.profile.ProfileHandler;
import opbx.profile.ProfileService;
import opbx.ratelimit.RateLimiter;
import opbx.recordings.RecordingsHandler;
import opbx.references.Links;
import opbx.references.ReferenceChecker;
import opbx.ringgroups.RingGroupRepository;
import opbx.ringgroups.RingGroupService;
import opbx.ringgroups.RingGroupsHandler;
import opbx.secrets.ConferencePins;
import opbx.secrets.Secrets;
import opbx.settings.CloudonixAccounts;
import opbx.settings.CloudonixCache;
import opbx.settings.CredentialsCheck;
import opbx.settings.OutboundTrunks;
import opbx.settings.SettingsHandler;
import opbx.settings.SettingsRepository;
import opbx.settings.SettingsService;
import opbx.users.UserRepository;
import opbx.users.UserService;
import opbx.users.UsersHandler;
import opbx.voice.CallFlowSimulator;
import opbx.voice.RoutingCache;
import opbx.voice.ConfigVersions;
import opbx.voice.RoutingData;
import opbx.voice.SimulateHandler;
import opbx.voice.VoiceAuth;
import opbx.voice.VoiceHandler;
import opbx.voice.VoiceRouter;
import opbx.webhooks.WebhookAuth;
import opbx.webhooks.WebhookHandler;
import opbx.whitelist.OutboundPolicy;
import opbx.whitelist.OutboundWhitelistHandler;
import opbx.whitelist.OutboundWhitelistRepository;
import opbx.whitelist.OutboundWhitelistService;
import org.jooq.DSLContext;

/**
 * Every repository, service and handler, built by hand from the stores (architecture: Wiring). The server and the
 * CLI share it, so both run the same code.
 */
public final class Services implements AutoCloseable {

    private final Config config;
    private final CacheInvalidator cache;
    private final OrganizationRepository organizations;
    private final OutboundPolicy outboundPolicy;
    private final CallbackBase callbackBase;
    /** The execution plane's version syncs, stopped with the services. */
    private final List<ConfigVersions> versionSyncs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ConferencePins conferencePins;
    private final UserRepository users;
    private final TokenRepository tokens;
    private final Passwords passwords;
    private final AuditLog audit;
    private final OrganizationService organizationService;
    private final AuthService auth;
    private final UserService userService;
    private final ProfileService profiles;
    private final AuditRepository auditRepository;
    private final AccessControl accessControl;
    private final RequestLimits limits;
    private final DemoBootstrap demoBootstrap;
    private final Maintenance maintenance;
    private final DSLContext dsl;
    private final ObjectMapper mapper;

    private final Secrets secrets;
    private final ReferenceChecker references;
    private final Links links;
    private final CallFlowGraphs callFlowGraphs;
    private final CallFlowGuard callFlows;

    private final Redis redis;
    private final Clock clock;
    /** The Cloudonix REST client (control-plane spec §6) and the accounts it is called with. */
    private final CloudonixClient cloudonix;
    private final CloudonixAccounts cloudonixAccounts;
    private final EventPublisher events;
    /** What the execution plane and the Cloudonix breaker count for /metrics. */
    private final Meters meters;

    /** Without metrics: the CLI and tests that need the services but no server. */
    public Services(Config config, DSLContext dsl, Redis redis, ObjectMapper mapper, Clock clock, Secrets secrets) {
        this(config, dsl, redis, mapper, clock, secrets, Meters.NONE);
    }

    public Services(Config config, DSLContext dsl, Redis redis, ObjectMapper mapper, Clock clock, Secrets secrets,
                    Meters meters) {
        this.meters = meters;
        this.redis = redis;
        this.clock = clock;
        this.secrets = secrets;
        this.cloudonix = CloudonixClient.create(config.cloudonix(), mapper, redis, clock, meters);
        this.cloudonixAccounts = new CloudonixAccounts(dsl, new SettingsRepository(), secrets);
        this.references = new ReferenceChecker();
        this.links = new Links();
        BusinessHoursRepository schedules = new BusinessHoursRepository();
        this.organizations = new OrganizationRepository(mapper);
        this.outboundPolicy = new OutboundPolicy(organizations);
        this.callFlowGraphs = new CallFlowGraphs((trx, org, scheduleId) ->
                schedules.currentStatus(trx, org, scheduleId, clock.instant()), outboundPolicy);
        this.callFlows = new CallFlowGuard(callFlowGraphs);
        this.config = config;
        this.callbackBase = new CallbackBase(config.publicUrl(), config.port());
        this.conferencePins = new ConferencePins(secrets);
        this.dsl = dsl;
        this.mapper = mapper;
        this.cache = new CacheInvalidator(redis);
        this.users = new UserRepository();
        this.tokens = new TokenRepository();
        this.passwords = new Passwords(config.security().bcryptCost());
        this.audit = new AuditLog(mapper);
        this.organizationService = new OrganizationService(dsl, organizations, users, audit);
        this.auth = new AuthService(dsl, users, tokens, organizations, passwords, audit,
                Duration.ofHours(config.security().tokenTtlHours()), clock);
        this.userService = new UserService(dsl, users, tokens, passwords, audit, cache);
        this.profiles = new ProfileService(dsl, userService, users, organizations, tokens, passwords, audit, cache);
        this.auditRepository = new AuditRepository(mapper);
        this.limits = new RequestLimits(new RateLimiter(redis, clock), config.rateLimits());
        this.accessControl = new AccessControl(auth, limits);
        this.demoBootstrap = new DemoBootstrap(dsl, organizations, organizationService, passwords, secrets);
        this.maintenance = new Maintenance(dsl, redis, tokens, config.security().auditRetentionDays(), clock);
        this.events = new RedisEventPublisher(redis, mapper, clock);
    }

    /** The control-plane features, mounted under /api/v1 in URL-tree order. */
    public List<Feature> v1Features() {
        Requests requests = new Requests(mapper);
        List<String> proxies = config.security().trustedProxies();
        int maxPerPage = config.maxPerPage();
        SignupService signup = config.security().signupEnabled()
                ? new SignupService(dsl, organizationService, users, passwords, auth) : null;
        List<Feature> features = new ArrayList<>();
        features.add(new AuditHandler(dsl, auditRepository, new LocalDays(dsl, organizations, clock), maxPerPage));
        features.add(new AuthHandler(auth, signup, profiles, limits, new LoginGuard(new RateLimiter(redis, clock), redis,
                config.rateLimits().loginEmail(), meters), requests, proxies));
        features.add(new BusinessHoursHandler(new BusinessHoursService(dsl,
                new BusinessHoursRepository(), links, references, callFlows, audit, cache, clock), requests,
                proxies, maxPerPage));
        features.add(new CallFlowsHandler(dsl, callFlowGraphs));
        LocalDays days = new LocalDays(dsl, organizations, clock);
        features.add(new CallLogsHandler(new CallLogService(dsl, new CallLogRepository(), mapper), days, maxPerPage));
        CdrRepository cdrRows = new CdrRepository();
        features.add(new CdrsHandler(new CdrService(dsl, cdrRows, mapper), new CdrExport(dsl, cdrRows,
                config.exportMaxRows()), days, clock, maxPerPage));
        features.add(new LiveCallsHandler(new LiveCallService(dsl, new LiveCallRepository(), mapper, clock)));
        features.add(new ConferenceRoomsHandler(new ConferenceRoomService(dsl, new ConferenceRoomRepository(conferencePins), audit, cache,
                references, callFlows), requests, proxies, maxPerPage));
        ExtensionRepository extensionRows = new ExtensionRepository(mapper);
        CloudonixCache cloudonixCache = new CloudonixCache(redis, mapper);
        SubscriberSync subscriberSync = new SubscriberSync(dsl, cloudonix, cloudonixAccounts, secrets, cache);
        features.add(new ExtensionsHandler(new ExtensionService(dsl, extensionRows, links, secrets, subscriberSync,
                references, audit, cache, callFlows, outboundPolicy, config.sipServer()),
                new SubscriberComparison(dsl, cloudonix, cloudonixAccounts, cloudonixCache, mapper),
                new SubscriberReconciler(dsl, extensionRows, subscriberSync, cloudonix, cloudonixAccounts, secrets, audit,
                        cache, mapper, SubscriberReconciler.BUDGET), requests, proxies, maxPerPage));
        features.add(new IvrMenusHandler(new IvrMenuService(dsl, new IvrMenuRepository(), links,
                references, callFlows, audit, cache), new IvrVoices(cloudonixAccounts, cloudonix, cloudonixCache),
                requests, proxies, maxPerPage));
        features.add(new OutboundWhitelistHandler(new OutboundWhitelistService(dsl,
                new OutboundWhitelistRepository(), audit, cache, callFlows), requests, proxies, maxPerPage));
        features.add(new PhoneNumbersHandler(new PhoneNumberService(dsl, new PhoneNumberRepository(mapper), links,
                phoneNumberTargets(extensionRows, conferencePins), audit, cache, callFlows), requests, proxies, maxPerPage));
        features.add(new ProfileHandler(profiles, requests, proxies, limits));
        features.add(new RecordingsHandler());
        SettingsRepository settingsRows = new SettingsRepository();
        features.add(new SettingsHandler(new SettingsService(dsl, settingsRows, secrets, users, passwords, audit, cache,
                cloudonix, clock), new CredentialsCheck(dsl, settingsRows, secrets, cloudonix),
                new OutboundTrunks(cloudonixAccounts, cloudonix, cloudonixCache), requests, proxies,
                callbackBase, limits));
        RoutingCache readOnly = new RoutingCache(redis, mapper, clock).readOnly();
        RoutingData simulation = new RoutingData(dsl, readOnly, mapper, new ConfigVersions(dsl, readOnly));
        features.add(new SimulateHandler(new CallFlowSimulator(simulation, new VoiceRouter(simulation, secrets, mapper, config.maxRoutingHops()),
                callbackBase), requests, clock));
        features.add(new RingGroupsHandler(new RingGroupService(dsl, new RingGroupRepository(), links, references, audit,
                cache, callFlows), requests, proxies, maxPerPage));
        features.add(new UsersHandler(userService, requests, proxies, maxPerPage, limits));
        return features;
    }

    /**
     * The execution plane (mounted under /api, beside /api/v1): the voice routes and the webhooks, sharing one
     * routing cache so Redis's degraded mode is one state per instance.
     */
    public List<Feature> executionPlane(Redis redis, Clock clock) {
        RoutingCache routingCache = new RoutingCache(redis, mapper, clock, meters);
        ConfigVersions versions = new ConfigVersions(dsl, routingCache).startSync();
        versionSyncs.add(versions);
        cache.onOrganizationChanged(versions::refresh);
        RoutingData routing = new RoutingData(dsl, routingCache, mapper, versions);
        RateLimiter limiter = new RateLimiter(redis, clock);
        WebhookAuth webhookAuth = new WebhookAuth(routing, dsl, secrets, mapper, clock,
                config.webhooks().hmacToleranceSeconds());
        VoiceHandler voice = new VoiceHandler(new VoiceAuth(routing, limiter, config.rateLimits().voice()),
                new VoiceRouter(routing, secrets, mapper, config.maxRoutingHops()), limiter, mapper, clock,
                config.rateLimits().voice(), config.rateLimits().authFailures(), callbackBase,
                config.security().trustedProxies(), webhookAuth::signedOrganization,
                new CallInitiation(dsl, new CallLogWriter(), events, clock), events, meters);
        WebhookHandler webhooks = new WebhookHandler(dsl, routing, webhookAuth, limiter, mapper, clock, events,
                new WebhookHandler.Limits(config.rateLimits().webhook(), config.rateLimits().authFailures(),
                        config.webhooks().allowedIps(), config.security().trustedProxies()), meters);
        return List.of(voice, webhooks);
    }

    /**
     * {@code GET /api/v1/events} (execution-plane spec §12.2), with a Redis subscription of its own to
     * {@code redisTarget} (the server of the pooled client); the server closes it before HTTP stops.
     */
    public EventsHandler eventStream(RedisTarget redisTarget) {
        return new EventsHandler(auth, mapper, redis, redisTarget, clock, config.events());
    }

    /** What each DID routing type embeds, loaded a page at a time by the feature that owns it. */
    private Map<RoutingType, TargetLoader> phoneNumberTargets(ExtensionRepository extensions, ConferencePins pins) {
        TargetLoader extension = (dsl, org, ids) -> extensions.findAll(dsl, org, ids).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> ExtensionJson.embedded(entry.getValue())));
        Map<RoutingType, TargetLoader> targets = new EnumMap<>(RoutingType.class);
        targets.put(RoutingType.EXTENSION, extension);
        targets.put(RoutingType.AI_ASSISTANT, extension);
        targets.put(RoutingType.RING_GROUP, new RingGroupRepository()::findForEmbedding);
        targets.put(RoutingType.CONFERENCE_ROOM, new ConferenceRoomRepository(pins)::findForEmbedding);
        targets.put(RoutingType.IVR_MENU, new IvrMenuEmbedding()::load);
        targets.put(RoutingType.BUSINESS_HOURS, new BusinessHoursEmbedding(new BusinessHoursRepository(), clock)::load);
        return targets;
    }

    /** Where callback URLs start when an organisation sets none; told the real port once the server listens. */
    public ConferencePins conferencePins() {
        return conferencePins;
    }

    public CallbackBase callbackBase() {
        return callbackBase;
    }

    public AccessControl accessControl() {
        return accessControl;
    }

    /** The real-time events of execution-plane spec §12.1, published after commit. */
    public EventPublisher events() {
        return events;
    }

    public Maintenance maintenance() {
        return maintenance;
    }

    public DemoBootstrap demoBootstrap() {
        return demoBootstrap;
    }

    public OrganizationRepository organizations() {
        return organizations;
    }

    public OrganizationService organizationService() {
        return organizationService;
    }

    public UserRepository users() {
        return users;
    }

    public TokenRepository tokens() {
        return tokens;
    }

    public Passwords passwords() {
        return passwords;
    }

    public AuditLog audit() {
        return audit;
    }

    public CacheInvalidator cache() {
        return cache;
    }

    /** Runs the execution plane's configuration version sync now (tests make "the next sync" happen with it). */
    public void syncRoutingVersions() {
        versionSyncs.forEach(ConfigVersions::sync);
    }

    @Override
    public void close() {
        maintenance.close();
        cache.close();
        versionSyncs.forEach(ConfigVersions::close);
    }
}
