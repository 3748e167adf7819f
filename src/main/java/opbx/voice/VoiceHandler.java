package opbx.voice;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import opbx.calls.CallInitiation;
import opbx.config.CallbackBase;
import opbx.events.EventPublisher;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.RequestIds;
import opbx.http.RequestOrganization;
import opbx.metrics.Meters;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimiter;
import opbx.voice.model.OrgInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice endpoints Cloudonix calls during a live call (execution-plane spec §1.1). The pipeline is the spec's:
 * auth-failure limiter, authentication (which finds the organisation), organisation status, the organisation's voice
 * limit, then the handler. Every answer is CXML; nothing here ever answers HTML, JSON or a trace.
 */
public final class VoiceHandler implements Feature {

    private static final Logger log = LoggerFactory.getLogger(VoiceHandler.class);
    private static final int MAX_BODY = 64 * 1024;

    private final VoiceAuth auth;
    private final VoiceRouter router;
    private final RateLimiter limiter;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int voiceLimit;
    private final int authFailureLimit;
    private final CallbackBase callbackBase;
    private final List<String> trustedProxies;
    private final SignatureCheck signatures;
    private final CallInitiation initiation;
    private final EventPublisher events;
    private final Meters meters;

    /**
     * The HMAC alternative {@code call-initiated} accepts (execution-plane spec §9.5): the organisation a valid
     * signature proves, or empty.
     */
    @FunctionalInterface
    public interface SignatureCheck {
        Optional<RoutingConfig> organization(String timestamp, String signature, byte[] body);
    }

    public VoiceHandler(VoiceAuth auth, VoiceRouter router, RateLimiter limiter, ObjectMapper mapper, Clock clock, int voiceLimit,
                        int authFailureLimit, CallbackBase callbackBase, List<String> trustedProxies,
                        SignatureCheck signatures, CallInitiation initiation, EventPublisher events, Meters meters) {
        this.auth = auth;
        this.router = router;
        this.limiter = limiter;
        this.mapper = mapper;
        this.clock = clock;
        this.voiceLimit = voiceLimit;
        this.authFailureLimit = authFailureLimit;
        this.callbackBase = callbackBase;
        this.trustedProxies = trustedProxies;
        this.signatures = signatures;
        this.initiation = initiation;
        this.events = events;
        this.meters = meters;
    }

    /** What a voice endpoint does once the request is authenticated. */
    @FunctionalInterface
    private interface Step {
        String answer(RoutingContext rc, VoiceRequest request);
    }

    @Override
    public void routes() {
        path("voice", () -> {
            both("route", this::routeAndSummarise, true);
            both("ivr-input", router::ivrInput, false);
            both("conference-pin", router::conferencePin, false);
        });
        path("callbacks/voice", () -> both("ring-group-callback", router::ringGroupCallback, false));
        // The legacy alias of the route (§9.5): same answer, plus the call log and call.initiated.
        path("webhooks/cloudonix", () -> post("call-initiated", ctx -> answer(ctx, this::initiate, true, true)));
    }

    /**
     * The route, then the call summary of §2.2 and {@code call.routed} (fire-and-forget: a Redis failure never
     * changes the answer).
     */
    private String routeAndSummarise(RoutingContext rc, VoiceRequest request) {
        String answer = router.route(rc, request);
        meters.routingDecision(RoutedEvent.outcome(answer, rc.trace()));
        router.summarise(rc, request);
        events.publish(rc.org(), "call.routed", RoutedEvent.data(rc, request, answer), rc.writes());
        return answer;
    }

    private String initiate(RoutingContext rc, VoiceRequest request) {
        String answer = routeAndSummarise(rc, request);
        initiation.record(rc.org(), rc.callSid(), RoutedEvent.origin(rc, request));
        return answer;
    }

    private void both(String route, Step step, boolean needsDestination) {
        Handler handler = ctx -> answer(ctx, step, needsDestination, false);
        post(route, handler);
        get(route, handler);
    }

    private void answer(Context ctx, Step step, boolean needsDestination, boolean callInitiated) {
        // Jetty writes this as its canonical text/xml;charset=utf-8: the same media type and charset (RFC 9110 §8.3).
        ctx.contentType(Cxml.CONTENT_TYPE);
        try {
            if (ctx.bodyAsBytes().length > MAX_BODY) {
                ctx.status(413).result(Cxml.authError("Bad request. Request too large."));
                return;
            }
            VoiceRequest request = VoiceRequest.of(ctx, mapper);
            VoiceAuth.Outcome outcome = callInitiated && ctx.header("X-Cloudonix-Signature") != null
                    && VoiceAuth.credential(ctx.header("Authorization"), ctx.header("X-Cx-Apikey")) == null
                    ? signed(ctx)
                    : auth.authenticate(ctx.header("Authorization"), ctx.header("X-Cx-Apikey"), request.get("Domain"));
            if (outcome.failure() != null) {
                // Only failing requests are throttled, after the lookup: Cloudonix calls for every tenant from shared
                // addresses, so one tenant's stale key must never make another tenant's calls busy.
                if (outcome.failure() != VoiceAuth.Failure.INACTIVE) {
                    String failures = RateLimitKeys.authFailures(ClientInfo.of(ctx, trustedProxies).ip());
                    if (limiter.isBlocked(failures, authFailureLimit)) {
                        ctx.status(429).result(Cxml.busy());
                        return;
                    }
                    if (authFailureLimit > 0) {
                        limiter.countFailure(failures);
                    }
                }
                ctx.status(outcome.failure().status).result(Cxml.authError(outcome.failure().message));
                return;
            }
            OrgInfo organization = outcome.organization();
            RequestOrganization.set(ctx, organization.id());
            if (needsDestination && request.get("To").isEmpty()) {
                ctx.status(400).result(Cxml.authError("Bad request. Missing destination number."));
                return;
            }
            RateLimiter.Decision decision = outcome.decision() != null ? outcome.decision()
                    : limiter.attempt(RateLimitKeys.voice(organization.id()),
                            organization.voiceLimit() != null ? organization.voiceLimit() : voiceLimit);
            if (decision.limit() > 0) {
                ctx.header("X-RateLimit-Limit", String.valueOf(decision.limit()));
                ctx.header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
                ctx.header("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
                if (!decision.allowed()) {
                    ctx.header("Retry-After", String.valueOf(Math.max(1, decision.retryAfterSeconds())));
                    ctx.status(429).result(Cxml.busy());
                    return;
                }
            }
            // call-initiated also takes the webhooks' call_id for CallSid (§9.5).
            Optional<String> callSid = request.get("CallSid").or(() -> callInitiated ? request.get("call_id") : Optional.empty());
            RoutingContext rc = router.live(outcome.config(), callbackBase.forOrganization(organization.webhookBaseUrl()),
                    callSid.orElse(null), clock.instant());
            String answer = step.answer(rc, request);
            // One round trip for the summary, state, pointer and event writes the decision left (see RedisWrites).
            router.flushWrites(rc);
            ctx.status(200).result(answer);
        } catch (io.javalin.http.HttpResponseException e) {
            // Javalin refuses bodies over the server's 1 MiB before we see them: still the voice plane's 413.
            if (e.getStatus() == 413) {
                ctx.status(413).result(Cxml.authError("Bad request. Request too large."));
            } else {
                ctx.status(200).result(Cxml.err("An unexpected error occurred."));
            }
        } catch (RuntimeException | StackOverflowError e) {
            log.error("[{}] voice request failed on {}", RequestIds.of(ctx), ctx.path(), e);
            ctx.status(200).result(Cxml.err("An unexpected error occurred."));
        }
    }

    private VoiceAuth.Outcome signed(Context ctx) {
        Optional<RoutingConfig> config = signatures.organization(ctx.header("X-Cloudonix-Timestamp"),
                ctx.header("X-Cloudonix-Signature"), ctx.bodyAsBytes());
        if (config.isEmpty()) {
            return new VoiceAuth.Outcome(null, VoiceAuth.Failure.UNKNOWN_KEY);
        }
        return new VoiceAuth.Outcome(config.get(), config.get().organization().active() ? null : VoiceAuth.Failure.INACTIVE);
    }
}
