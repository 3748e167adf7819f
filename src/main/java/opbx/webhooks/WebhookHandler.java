package opbx.webhooks;

import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import opbx.calls.CallLogWriter;
import opbx.events.EventPublisher;
import opbx.http.ClientInfo;
import opbx.http.Feature;
import opbx.http.ProtocolAnswer;
import opbx.http.RequestIds;
import opbx.http.RequestOrganization;
import opbx.metrics.Meters;
import opbx.ratelimit.RateLimitHeaders;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimited;
import opbx.ratelimit.RateLimiter;
import opbx.voice.RoutingData;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;

/**
 * The JSON webhooks Cloudonix reports calls to (execution-plane spec §1.1, §9). The pipeline is the spec's: source
 * allowlist, auth-failure limiter, authentication (which finds the organisation), the organisation's webhook limit,
 * then the endpoint under {@link WebhookProcessor}'s common rules. Every answer is JSON, never a trace.
 */
public final class WebhookHandler implements Feature {


    /** What {@link WebhookHandler} needs besides the endpoints: limits and the source rules. */
    public record Limits(int webhookPerMinute, int authFailuresPerMinute, List<String> allowedSources,
                         List<String> trustedProxies) {
    }

    private final WebhookAuth auth;
    private final WebhookProcessor processor;
    private final RateLimiter limiter;
    private final ObjectMapper mapper;
    private final Limits limits;
    private final WebhookEndpoint sessionUpdate;
    private final WebhookEndpoint cdr;
    private final WebhookEndpoint callStatus;

    public WebhookHandler(DSLContext dsl, RoutingData data, WebhookAuth auth, RateLimiter limiter, ObjectMapper mapper,
                          Clock clock, EventPublisher events, Limits limits, Meters meters) {
        this.auth = auth;
        this.processor = new WebhookProcessor(dsl, new IdempotencyMarkers(data.cache()), events, clock, meters);
        this.limiter = limiter;
        this.mapper = mapper;
        this.limits = limits;
        SessionUpdateRepository sessions = new SessionUpdateRepository();
        CallLogWriter callLogs = new CallLogWriter();
        CallSummaries summaries = new CallSummaries(data.cache(), mapper);
        this.sessionUpdate = new SessionUpdateWebhook(sessions, callLogs, summaries);
        this.cdr = new CdrWebhook(sessions, callLogs, summaries);
        this.callStatus = new CallStatusWebhook(callLogs, summaries);
    }

    @Override
    public void routes() {
        path("webhooks/cloudonix", () -> {
            post("session-update", ctx -> answer(ctx, sessionUpdate));
            post("cdr", ctx -> answer(ctx, cdr));
            post("call-status", ctx -> answer(ctx, callStatus));
        });
    }

    /**
     * A delivery's answer. Refusals are thrown ({@link ProtocolAnswer}, {@link RateLimited}) and so is any failure;
     * {@code ExceptionTable} answers them, a failure with this endpoint's 500 body, recorded on the request here.
     */
    private void answer(Context ctx, WebhookEndpoint endpoint) {
        ctx.attribute(ProtocolAnswer.WEBHOOK_FAILURE_BODY, endpoint.failureBody());
        WebhookProcessor.Answer answer = handle(ctx, endpoint);
        answer.headers().forEach(ctx::header);
        ctx.status(answer.status()).json(answer.body());
    }

    private WebhookProcessor.Answer handle(Context ctx, WebhookEndpoint endpoint) {
        String ip = ClientInfo.of(ctx, limits.trustedProxies()).ip();
        if (!limits.allowedSources().isEmpty()
                && limits.allowedSources().stream().noneMatch(cidr -> ClientInfo.inCidr(ip, cidr))) {
            throw ProtocolAnswer.json(403, WebhookResponses.error("Forbidden", "Source address not allowed"), Map.of());
        }
        byte[] body = ctx.bodyAsBytes();
        Payload payload = Payload.parse(mapper, body);
        WebhookAuth.Outcome outcome = auth.authenticate(new WebhookAuth.Credentials(ctx.header("Authorization"),
                ctx.header("X-Cx-Apikey"), ctx.header("X-Cloudonix-Timestamp"), ctx.header("X-Cloudonix-Signature")),
                body, payload, endpoint == cdr);
        if (outcome.refusal() != null) {
            // Only failing requests are throttled: Cloudonix sends every tenant's webhooks from shared addresses, so
            // one tenant's stale key must never turn another tenant's valid key away (the check follows the lookup).
            String failures = RateLimitKeys.authFailures(ip);
            if (outcome.refusal().countsAsFailure() && limiter.isBlocked(failures, limits.authFailuresPerMinute())) {
                throw new RateLimited(limiter.peek(failures, limits.authFailuresPerMinute()), "Too many failed authentications");
            }
            if (outcome.refusal().countsAsFailure() && limits.authFailuresPerMinute() > 0) {
                limiter.countFailure(failures);
            }
            throw ProtocolAnswer.json(outcome.refusal().status(), outcome.refusal().body(), Map.of());
        }
        OrgInfo org = outcome.organization();
        RequestOrganization.set(ctx, org.id());
        int limit = org.webhookLimit() != null ? org.webhookLimit() : limits.webhookPerMinute();
        RateLimitHeaders.apply(ctx, limiter.attempt(RateLimitKeys.webhook(org.id()), limit));
        if (payload == null) {
            throw ProtocolAnswer.json(400, WebhookResponses.error("Bad Request", "Request body is not valid JSON"), Map.of());
        }
        return processor.process(endpoint, org, payload, ctx.header("X-Idempotency-Key"));
    }
}
