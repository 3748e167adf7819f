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
import opbx.http.ProtocolAnswer;
import opbx.http.RequestOrganization;
import opbx.metrics.Meters;
import opbx.ratelimit.RateLimitHeaders;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimited;
import opbx.ratelimit.RateLimiter;
import opbx.voice.model.OrgInfo;

/**
 * The voice endpoints Cloudonix calls during a live call (execution-plane spec §1.1). The pipeline is the spec's:
 * auth-failure limiter, authentication (which finds the organisation), organisation status, the organisation's voice
 * limit, then the handler. Every answer is CXML; nothing here ever answers HTML, JSON or a trace.
 */
public final class VoiceHandler implements Feature {

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

    /**
     * Authenticates, limits and answers one voice request. A refusal is thrown as a {@link ProtocolAnswer} (CXML with
     * its status) or {@link RateLimited}; {@code ExceptionTable} writes it, and answers any unexpected failure with the
     * spoken error.
     */
    private void answer(Context ctx, Step step, boolean needsDestination, boolean callInitiated) {
        // Jetty writes this as its canonical text/xml;charset=utf-8: the same media type and charset (RFC 9110 §8.3).
        ctx.contentType(Cxml.CONTENT_TYPE);
        if (ctx.bodyAsBytes().length > MAX_BODY) {
            throw ProtocolAnswer.cxml(413, Cxml.authError("Bad request. Request too large."));
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
                    throw new RateLimited(limiter.peek(failures, authFailureLimit), "Too many failed authentications");
                }
                if (authFailureLimit > 0) {
                    limiter.countFailure(failures);
                }
            }
            throw ProtocolAnswer.cxml(outcome.failure().status, Cxml.authError(outcome.failure().message));
        }
        OrgInfo organization = outcome.organization();
        RequestOrganization.set(ctx, organization.id());
        if (needsDestination && request.get("To").isEmpty()) {
            throw ProtocolAnswer.cxml(400, Cxml.authError("Bad request. Missing destination number."));
        }
        RateLimitHeaders.apply(ctx, outcome.decision() != null ? outcome.decision()
                : limiter.attempt(RateLimitKeys.voice(organization.id()),
                        organization.voiceLimit() != null ? organization.voiceLimit() : voiceLimit));
        // call-initiated also takes the webhooks' call_id for CallSid (§9.5).
        Optional<String> callSid = request.get("CallSid").or(() -> callInitiated ? request.get("call_id") : Optional.empty());
        RoutingContext rc = router.live(outcome.config(), callbackBase.forOrganization(organization.webhookBaseUrl()),
                callSid.orElse(null), clock.instant());
        String answer;
        try {
            answer = step.answer(rc, request);
        } catch (StackOverflowError e) {
            // An Error escapes the exception table: made an exception so the caller still hears the spoken error.
            throw new IllegalStateException("routing recursed too deep", e);
        }
        // One round trip for the summary, state, pointer and event writes the decision left (see RedisWrites).
        router.flushWrites(rc);
        ctx.status(200).result(answer);
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
