package opbx.webhooks;

import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opbx.calls.CallLogWriter;
import opbx.events.EventPublisher;
import opbx.http.ClientInfo;
import opbx.http.ErrorMapper;
import opbx.http.Feature;
import opbx.http.RequestIds;
import opbx.http.RequestOrganization;
import opbx.metrics.Meters;
import opbx.ratelimit.RateLimitKeys;
import opbx.ratelimit.RateLimiter;
import opbx.voice.RoutingData;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON webhooks Cloudonix reports calls to (execution-plane spec §1.1, §9). The pipeline is the spec's: source
 * allowlist, auth-failure limiter, authentication (which finds the organisation), the organisation's webhook limit,
 * then the endpoint under {@link WebhookProcessor}'s common rules. Every answer is JSON, never a trace.
 */
public final class WebhookHandler implements Feature {

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

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

    private void answer(Context ctx, WebhookEndpoint endpoint) {
        try {
            WebhookProcessor.Answer answer = handle(ctx, endpoint);
            answer.headers().forEach(ctx::header);
            ctx.status(answer.status()).json(answer.body());
        } catch (HttpResponseException e) {
            // Javalin refuses a body over the server's 1 MiB when the handler reads it (§0.1: 413 on webhooks).
            ctx.status(e.getStatus()).json(e.getStatus() == 413
                    ? WebhookResponses.error("Payload Too Large", "The request body exceeds 1 MiB.")
                    : WebhookResponses.error("Bad Request", "The request could not be read."));
        } catch (RuntimeException e) {
            // Authentication reads PostgreSQL on a cache miss: an outage there is a 503 too, so Cloudonix retries.
            if (ErrorMapper.isDatabaseUnavailable(e)) {
                log.warn("[{}] webhook {} refused, database unavailable: {}", RequestIds.of(ctx), ctx.path(), e.toString());
                ctx.header("Retry-After", "5");
                ctx.status(503).json(WebhookResponses.error("Service unavailable", "Database unavailable"));
                return;
            }
            log.error("[{}] webhook {} failed", RequestIds.of(ctx), ctx.path(), e);
            ctx.status(500).json(endpoint.failureBody());
        }
    }

    private WebhookProcessor.Answer handle(Context ctx, WebhookEndpoint endpoint) {
        String ip = ClientInfo.of(ctx, limits.trustedProxies()).ip();
        if (!limits.allowedSources().isEmpty()
                && limits.allowedSources().stream().noneMatch(cidr -> ClientInfo.inCidr(ip, cidr))) {
            return WebhookProcessor.Answer.of(403, WebhookResponses.error("Forbidden", "Source address not allowed"));
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
                return tooMany(limiter.peek(failures, limits.authFailuresPerMinute()));
            }
            if (outcome.refusal().countsAsFailure() && limits.authFailuresPerMinute() > 0) {
                limiter.countFailure(failures);
            }
            return WebhookProcessor.Answer.of(outcome.refusal().status(), outcome.refusal().body());
        }
        OrgInfo org = outcome.organization();
        RequestOrganization.set(ctx, org.id());
        int limit = org.webhookLimit() != null ? org.webhookLimit() : limits.webhookPerMinute();
        RateLimiter.Decision decision = limiter.attempt(RateLimitKeys.webhook(org.id()), limit);
        if (decision.limit() > 0) {
            ctx.header("X-RateLimit-Limit", String.valueOf(decision.limit()));
            ctx.header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
            ctx.header("X-RateLimit-Reset", String.valueOf(decision.resetEpochSeconds()));
            if (!decision.allowed()) {
                return tooMany(decision);
            }
        }
        if (payload == null) {
            return WebhookProcessor.Answer.of(400, WebhookResponses.error("Bad Request", "Request body is not valid JSON"));
        }
        return processor.process(endpoint, org, payload, ctx.header("X-Idempotency-Key"), RequestIds.of(ctx));
    }

    /** 429 with the limit in the message and {@code retry_after} (§11.2). */
    private static WebhookProcessor.Answer tooMany(RateLimiter.Decision decision) {
        long retryAfter = Math.max(1, decision.retryAfterSeconds());
        Map<String, Object> body = WebhookResponses.error("Rate limit exceeded",
                "Maximum " + decision.limit() + " requests per 1 minute(s) allowed");
        body.put("retry_after", retryAfter);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", String.valueOf(retryAfter));
        return new WebhookProcessor.Answer(429, body, headers);
    }
}
