package opbx.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import opbx.http.ApiException;
import opbx.http.ErrorMapper;
import opbx.http.ProtocolAnswer;
import opbx.http.RequestIds;
import opbx.http.RouteFamily;
import opbx.ratelimit.RateLimited;
import opbx.voice.Cxml;
import opbx.webhooks.WebhookResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from exceptions to answers, for every route family (control-plane spec §0.6 for the API; the
 * webhooks' and the voice routes' own formats). Handlers throw; nothing else turns an exception into a response.
 *
 * <ul>
 * <li>API: every error body has a top-level {@code message}, an {@code error} object with {@code code},
 *     {@code message} and {@code request_id}, and the top-level {@code request_id}; 422 bodies add {@code errors} and
 *     {@code error.details}. A 500 says nothing about its cause; the log line carries the stack trace under the same
 *     request id.</li>
 * <li>Webhooks: {@code {"error","message"}} bodies; a refusal the handler built ({@link ProtocolAnswer}) as is; an
 *     unavailable database 503 with {@code Retry-After} so Cloudonix retries; anything else the endpoint's 500 body
 *     (stored on the request by the handler under {@link ProtocolAnswer#WEBHOOK_FAILURE_BODY}).</li>
 * <li>Voice: CXML whatever the status, since Cloudonix reads it during a call; an unexpected failure is a 200 with the
 *     spoken error, so the caller hears a message rather than silence.</li>
 * </ul>
 * {@link RateLimited} is answered per family with {@code Retry-After}; the {@code X-RateLimit-*} headers were set by
 * {@code RateLimitHeaders} before it was thrown.
 */
public final class ExceptionTable {

    private static final Logger log = LoggerFactory.getLogger(ExceptionTable.class);

    private ExceptionTable() {
    }

    /** Registers the table for every exception. */
    public static void register(RoutesConfig routes) {
        // Javalin's own refusals (no route, wrong method, too large) reach a handler only when their class is named.
        routes.exception(HttpResponseException.class, ExceptionTable::answer);
        routes.exception(Exception.class, ExceptionTable::answer);
    }

    static void answer(Exception e, Context ctx) {
        switch (RouteFamily.of(ctx.path())) {
            case VOICE -> voice(e, ctx);
            case WEBHOOK -> webhook(e, ctx);
            default -> api(e, ctx);
        }
    }

    private static void api(Exception e, Context ctx) {
        if (e instanceof ApiException api) {
            ErrorMapper.respond(ctx, api);
        } else if (e instanceof RateLimited limited) {
            long seconds = limited.decision().retryAfterSeconds();
            ctx.header("Retry-After", Long.toString(seconds));
            ErrorMapper.respond(ctx, new ApiException(429, "RATE_LIMITED", limited.getMessage(), Map.of("retry_after", seconds)));
        } else if (e instanceof HttpResponseException javalin) {
            ErrorMapper.respond(ctx, ErrorMapper.fromJavalin(javalin));
        } else if (e instanceof JsonProcessingException) {
            ErrorMapper.respond(ctx, ApiException.malformedJson());
        } else if (ErrorMapper.isConcurrentWriteClash(e)) {
            log.warn("[{}] concurrent write clash: {}", RequestIds.of(ctx), e.toString());
            ErrorMapper.respond(ctx, new ApiException(409, "CONFLICT", "Another change was being saved at the same time. Please try again."));
        } else if (ErrorMapper.hasSqlState(e, "22021", "22P05")) {
            ErrorMapper.respond(ctx, ApiException.badRequest("The request contains characters that cannot be stored."));
        } else if (ErrorMapper.isDatabaseUnavailable(e)) {
            log.warn("[{}] database unavailable: {}", RequestIds.of(ctx), e.toString());
            ErrorMapper.respond(ctx, ApiException.serviceUnavailable());
        } else {
            log.error("[{}] unexpected error on {} {}", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            ErrorMapper.respond(ctx, new ApiException(500, "INTERNAL_ERROR", "An unexpected error occurred."));
        }
    }

    private static void webhook(Exception e, Context ctx) {
        boolean routed = ctx.endpoints().matchedHttpEndpoint() != null;
        if (e instanceof ProtocolAnswer answer) {
            protocol(ctx, answer);
        } else if (e instanceof RateLimited limited) {
            long retryAfter = Math.max(1, limited.decision().retryAfterSeconds());
            Map<String, Object> body = WebhookResponses.error("Rate limit exceeded",
                    "Maximum " + limited.decision().limit() + " requests per 1 minute(s) allowed");
            body.put("retry_after", retryAfter);
            ctx.header("Retry-After", String.valueOf(retryAfter));
            ctx.status(429).json(body);
        } else if (e instanceof HttpResponseException javalin && !routed) {
            ErrorMapper.respond(ctx, ErrorMapper.fromJavalin(javalin)); // no such webhook route: the API's 404/405
        } else if (e instanceof HttpResponseException javalin) {
            // Javalin refuses a body over the server's 1 MiB when the handler reads it (§0.1: 413 on webhooks).
            ctx.status(javalin.getStatus() == 413 ? 413 : 400).json(javalin.getStatus() == 413
                    ? WebhookResponses.error("Payload Too Large", "The request body exceeds 1 MiB.")
                    : WebhookResponses.error("Bad Request", "The request could not be read."));
        } else if (ErrorMapper.isDatabaseUnavailable(e)) {
            // Cloudonix retries a 503: a delivery refused while the database is away is not lost.
            log.warn("[{}] webhook {} refused, database unavailable: {}", RequestIds.of(ctx), ctx.path(), e.toString());
            ctx.header("Retry-After", "5");
            ctx.status(503).json(WebhookResponses.error("Service unavailable", "Database unavailable"));
        } else {
            log.error("[{}] webhook {} failed", RequestIds.of(ctx), ctx.path(), e);
            Object failure = ctx.attribute(ProtocolAnswer.WEBHOOK_FAILURE_BODY);
            ctx.status(500).json(failure != null ? failure : WebhookResponses.error("Internal Server Error", "The request failed."));
        }
    }

    private static void voice(Exception e, Context ctx) {
        boolean routed = ctx.endpoints().matchedHttpEndpoint() != null;
        ctx.contentType(Cxml.CONTENT_TYPE);
        if (e instanceof ProtocolAnswer answer) {
            protocol(ctx, answer);
        } else if (e instanceof RateLimited limited) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, limited.decision().retryAfterSeconds())));
            ctx.status(429).result(Cxml.busy());
        } else if (e instanceof HttpResponseException javalin && !routed) {
            // No such voice route, or a method it does not take: Cloudonix still reads CXML.
            ctx.status(javalin.getStatus()).result(Cxml.authError("Bad request. " + ErrorMapper.fromJavalin(javalin).getMessage()));
        } else if (e instanceof HttpResponseException javalin && javalin.getStatus() == 413) {
            // Javalin refuses bodies over the server's 1 MiB before the handler sees them: still the voice plane's 413.
            ctx.status(413).result(Cxml.authError("Bad request. Request too large."));
        } else {
            if (!(e instanceof HttpResponseException)) {
                log.error("[{}] voice request failed on {}", RequestIds.of(ctx), ctx.path(), e);
            }
            ctx.status(200).result(Cxml.err("An unexpected error occurred."));
        }
    }

    private static void protocol(Context ctx, ProtocolAnswer answer) {
        answer.headers().forEach(ctx::header);
        if (answer.body() instanceof String document) {
            ctx.status(answer.status()).contentType(Cxml.CONTENT_TYPE).result(document);
        } else {
            ctx.status(answer.status()).json(answer.body());
        }
    }
}
