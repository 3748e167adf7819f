package opbx.cloudonix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import opbx.cloudonix.CircuitBreaker.Permit;
import opbx.cloudonix.CloudonixResult.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call: breaker, then pacing, then the HTTP request, then the mapping of §6.3/§6.4 to a
 * {@link CloudonixResult}. Logs carry the key's first 4 characters only and masked bodies.
 *
 * <p>Re-sends: a 429 is Cloudonix refusing a request it did not process, so it is sent again after the time Cloudonix
 * gives ({@code Retry-After}, else a whole pacing window), at most twice and only within the call's pace budget; the
 * domain is held meanwhile so no instance sends to it. Otherwise the one re-send is the JDK client's own: a GET whose
 * pooled keep-alive connection turns out to have been closed by the server. Other failed writes are never re-sent.
 */
final class CloudonixHttp {

    private static final Logger log = LoggerFactory.getLogger(CloudonixClient.class);
    private static final int LOGGED_BODY_CHARS = 300;

    /** What an outcome tells the breaker (§6.3). */
    private enum Health { GOOD, BAD, SILENT }

    /** @param retryAfter what a 429 asked for; null otherwise or when it said nothing */
    private record Outcome(CloudonixResult result, Health health, Duration retryAfter) {

        Outcome(CloudonixResult result, Health health) {
            this(result, health, null);
        }
    }

    /** Re-sends of a rate-limited request, at most. */
    private static final int RATE_LIMIT_RETRIES = 2;

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
    private final String userAgent;
    private final ObjectMapper mapper;
    private final CircuitBreaker breaker;
    private final DomainPacer pacer;
    private final Clock clock;

    CloudonixHttp(HttpClient http, String baseUrl, Duration timeout, String userAgent, ObjectMapper mapper,
                  CircuitBreaker breaker, DomainPacer pacer, Clock clock) {
        this.clock = clock;
        this.http = http;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.mapper = mapper;
        this.breaker = breaker;
        this.pacer = pacer;
    }

    CloudonixResult call(CloudonixCredentials credentials, CloudonixRequest request, Pace pace) {
        long org = credentials.organizationId();
        Permit permit = breaker.acquire(org);
        if (permit == Permit.REJECT) {
            return logged(credentials, request, CloudonixResult.failure(request.operation(), Reason.CIRCUIT_OPEN, 0,
                    "Cloudonix is unavailable for this organization after repeated failures; calls resume within "
                            + CircuitBreaker.OPEN_FOR.toSeconds() + " s"));
        }
        Outcome outcome;
        try {
            long deadline = System.nanoTime() + pace.maxWait().toNanos();
            int retries = 0;
            while (true) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!pacer.acquire(org, left)) {
                    outcome = new Outcome(CloudonixResult.failure(request.operation(), Reason.RATE_LIMITED, 0,
                            "Cloudonix rate limit reached for this domain; try again shortly"), Health.SILENT);
                    break;
                }
                outcome = send(credentials, request);
                if (!outcome.result().hasStatus(429)) {
                    break;
                }
                Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : DomainPacer.WINDOW;
                pacer.hold(org, wait);
                boolean inBudget = System.nanoTime() + wait.toNanos() < deadline;
                if (retries++ >= RATE_LIMIT_RETRIES || !inBudget) {
                    break;
                }
                log.info("Cloudonix {} for organization {}: rate limited, sending again in {} ms", request.operation(),
                        org, wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Outcome(CloudonixResult.failure(request.operation(), Reason.API_REQUEST_FAILED, 0,
                    "Cloudonix request interrupted"), Health.SILENT);
        }
        switch (outcome.health()) {
            case GOOD -> breaker.recordSuccess(org, permit);
            case BAD -> breaker.recordFailure(org, permit);
            case SILENT -> breaker.recordNeutral(org, permit);
        }
        return logged(credentials, request, outcome.result());
    }

    private Outcome send(CloudonixCredentials credentials, CloudonixRequest request) throws InterruptedException {
        String op = request.operation();
        if (log.isDebugEnabled()) {
            log.debug("Cloudonix {}: {} {} (organization {}, key {}){}", op, request.method(), request.path(),
                    credentials.organizationId(), Redaction.key(credentials.apiKey()),
                    request.body() == null ? "" : " body " + safe(credentials, request, Redaction.maskBody(request.body()).toString()));
        }
        HttpResponse<String> response;
        long started = System.nanoTime();
        try {
            response = http.send(build(credentials, request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(CloudonixResult.failure(op, Reason.TIMEOUT, 0, "Cloudonix could not be reached in time"),
                    Health.BAD);
        } catch (HttpTimeoutException e) {
            return new Outcome(CloudonixResult.failure(op, Reason.TIMEOUT, 0,
                    "Cloudonix did not answer within " + timeout.toMillis() + " ms"), Health.BAD);
        } catch (IOException e) {
            return new Outcome(CloudonixResult.failure(op, Reason.API_REQUEST_FAILED, 0,
                    "Cloudonix request failed: connection error"), Health.BAD);
        }
        int status = response.statusCode();
        log.debug("Cloudonix {}: answered {} in {} ms", op, status, (System.nanoTime() - started) / 1_000_000);
        Outcome outcome = map(credentials, request, status, response.body());
        return status == 429 ? new Outcome(outcome.result(), outcome.health(),
                retryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant())) : outcome;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.matches("[0-9]{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Instant at = java.time.ZonedDateTime.parse(trimmed, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private HttpRequest build(CloudonixCredentials credentials, CloudonixRequest request) {
        HttpRequest.BodyPublisher publisher = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body().toString(), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(baseUrl + request.path()))
                .timeout(timeout)
                .header("Authorization", "Bearer " + credentials.apiKey())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .method(request.method(), publisher)
                .build();
    }

    private Outcome map(CloudonixCredentials credentials, CloudonixRequest request, int status, String text) {
        String op = request.operation();
        // A 404 that answers the question (an empty collection, a lookup that found nothing, a delete of what is gone)
        // is a success for the caller, but neutral for the breaker: a run of failed writes between such lookups must
        // still open it.
        if (status == 404 && request.emptyOn404()) {
            // Cloudonix's documented answer for an empty collection ("No subscribers found", "No trunks found").
            return new Outcome(CloudonixResult.success(op, status, mapper.createArrayNode()), Health.SILENT);
        }
        if (status == 404 && request.notFoundOk()) {
            return new Outcome(CloudonixResult.success(op, status, null), Health.SILENT);
        }
        if (status >= 200 && status < 300) {
            return parse(credentials, request, status, text);
        }
        if (status == 429) {
            return new Outcome(CloudonixResult.failure(op, Reason.RATE_LIMITED, status,
                    "Cloudonix rate limit reached (status 429); try again shortly"), Health.SILENT);
        }
        logAnswer(credentials, request, status, text);
        if (status >= 400 && status < 600) {
            return new Outcome(CloudonixResult.failure(op, Reason.API_REQUEST_FAILED, status,
                    "Cloudonix request failed with status " + status), status >= 500 ? Health.BAD : Health.SILENT);
        }
        // 1xx and 3xx: redirects are not followed, and nothing else is meaningful here.
        return new Outcome(CloudonixResult.failure(op, Reason.UNEXPECTED_RESPONSE, status,
                "Cloudonix answered with unexpected status " + status), Health.SILENT);
    }

    private Outcome parse(CloudonixCredentials credentials, CloudonixRequest request, int status, String text) {
        String op = request.operation();
        JsonNode body = null;
        if (text != null && !text.isBlank()) {
            try {
                body = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                if (request.expect() == CloudonixRequest.Expect.ANYTHING) {
                    // A write whose answer we do not read: what Cloudonix did is what counts.
                    return new Outcome(CloudonixResult.success(op, status, null), Health.GOOD);
                }
            }
        }
        boolean fits = switch (request.expect()) {
            case ANYTHING -> true;
            case OBJECT -> body != null && body.isObject();
            case ARRAY -> body != null && body.isArray();
        };
        if (!fits) {
            logAnswer(credentials, request, status, text);
            return new Outcome(CloudonixResult.failure(op, Reason.UNEXPECTED_RESPONSE, status,
                    "Cloudonix answered status " + status + " without the expected JSON "
                            + request.expect().name().toLowerCase(Locale.ROOT)), Health.SILENT);
        }
        return new Outcome(CloudonixResult.success(op, status, body), Health.GOOD);
    }

    private void logAnswer(CloudonixCredentials credentials, CloudonixRequest request, int status, String text) {
        if (text == null || text.isBlank() || !log.isWarnEnabled()) {
            return;
        }
        String shown;
        try {
            shown = Redaction.maskBody(mapper.readTree(text)).toString();
        } catch (JsonProcessingException e) {
            shown = text;
        }
        shown = safe(credentials, request, shown);
        if (shown.length() > LOGGED_BODY_CHARS) {
            shown = shown.substring(0, LOGGED_BODY_CHARS) + "…";
        }
        if (status == 404 || status == 409) {
            // The callers' normal flows: an update of a subscriber gone meanwhile (then create), a create of one that
            // exists (then adopt). Worth a trace when asked, not a warning every time.
            log.debug("Cloudonix {}: {} {} answered {}: {}", request.operation(), request.method(), request.path(), status,
                    shown);
            return;
        }
        log.warn("Cloudonix {}: {} {} answered {}: {}", request.operation(), request.method(), request.path(), status, shown);
    }

    private CloudonixResult logged(CloudonixCredentials credentials, CloudonixRequest request, CloudonixResult result) {
        if (result.reason() == Reason.CIRCUIT_OPEN) {
            // The opening was logged once as a warning; every call it refuses would only repeat it.
            log.debug("Cloudonix {} for organization {} refused: circuit open", request.operation(), credentials.organizationId());
        } else if (result.hasStatus(404) || result.hasStatus(409)) {
            log.debug("Cloudonix {} for organization {} answered {}: the caller's create or adopt path follows",
                    request.operation(), credentials.organizationId(), result.status().getAsInt());
        } else if (!result.ok()) {
            log.warn("Cloudonix {} for organization {} (key {}) failed: {}: {}", request.operation(),
                    credentials.organizationId(), Redaction.key(credentials.apiKey()), result.reason().code(), result.error());
        }
        return result;
    }

    /** Scrubs the key and the request's own secrets from text that echoes them (an error body may). */
    private static String safe(CloudonixCredentials credentials, CloudonixRequest request, String text) {
        List<String> secrets = new ArrayList<>(request.secrets());
        secrets.add(credentials.apiKey());
        return Redaction.scrub(text, secrets);
    }
}
