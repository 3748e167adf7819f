package opbx.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import opbx.cache.RedisWrites;
import opbx.calls.CallEvent;
import opbx.events.EventPublisher;
import opbx.metrics.Meters;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;

/**
 * The common rules of execution-plane spec §9.1 around one endpoint: validation, the idempotency marker, one
 * transaction, events after commit. Nothing half-written remains: the store is one transaction, and a failure
 * removes the marker this delivery wrote so that Cloudonix's retry is processed. PostgreSQL unavailable is a 503
 * with {@code Retry-After}, so Cloudonix retries rather than drops the report.
 */
final class WebhookProcessor {

    static final int MAX_IDEMPOTENCY_KEY = 128;

    /** An answer: status, JSON body and extra headers. */
    record Answer(int status, Map<String, Object> body, Map<String, String> headers) {

        static Answer of(int status, Map<String, Object> body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final DSLContext dsl;
    private final IdempotencyMarkers markers;
    private final EventPublisher events;
    private final Clock clock;
    private final Meters meters;

    WebhookProcessor(DSLContext dsl, IdempotencyMarkers markers, EventPublisher events, Clock clock, Meters meters) {
        this.dsl = dsl;
        this.markers = markers;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    /** {@link #store}, counted by kind and result for /metrics. */
    Answer process(WebhookEndpoint endpoint, OrgInfo org, Payload payload, String idempotencyHeader) {
        Answer answer;
        try {
            answer = store(endpoint, org, payload, idempotencyHeader);
        } catch (RuntimeException e) {
            meters.webhookDelivery(endpoint.kind(), "failed");
            throw e;
        }
        meters.webhookDelivery(endpoint.kind(), answer.status() == 200
                ? (Boolean.TRUE.equals(answer.body().get("duplicate")) ? "duplicate" : "stored")
                : answer.status() == 422 ? "invalid" : "failed");
        return answer;
    }

    private Answer store(WebhookEndpoint endpoint, OrgInfo org, Payload payload, String idempotencyHeader) {
        Map<String, String> errors = new LinkedHashMap<>(endpoint.validate(payload));
        String header = idempotencyHeader == null ? null : idempotencyHeader.trim();
        if (header != null && header.length() > MAX_IDEMPOTENCY_KEY) {
            errors.put("X-Idempotency-Key", "at most " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        if (!errors.isEmpty()) {
            return Answer.of(422, WebhookResponses.validation(errors));
        }
        String key = header == null || header.isEmpty() ? endpoint.markerKey(payload) : header;
        IdempotencyMarkers.Claim claim = markers.claim(org.id(), endpoint.kind(), key);
        if (claim == IdempotencyMarkers.Claim.DONE) {
            return Answer.of(200, duplicate(endpoint.repeatBody(payload)));
        }
        Instant now = clock.instant();
        WebhookEndpoint.Stored stored;
        try {
            stored = dsl.transactionResult(trx -> endpoint.store(trx.dsl(), org, payload, now));
        } catch (RuntimeException e) {
            // Not stored: the marker goes, so Cloudonix's retry is stored rather than taken for a duplicate. The
            // answer (503 to be retried when the database is away, else the endpoint's 500) is the exception table's.
            if (claim == IdempotencyMarkers.Claim.CLAIMED) {
                markers.release(org.id(), endpoint.kind(), key);
            }
            throw e;
        }
        // The marker and the events in one round trip after the commit.
        RedisWrites after = new RedisWrites();
        markers.done(org.id(), endpoint.kind(), key, after);
        for (CallEvent event : stored.events()) {
            events.publish(org.id(), event.type(), event.data(), after);
        }
        markers.flush(after);
        return Answer.of(200, stored.duplicate() ? duplicate(stored.body()) : stored.body());
    }

    private static Map<String, Object> duplicate(Map<String, Object> body) {
        Map<String, Object> answer = new LinkedHashMap<>(body);
        answer.put("duplicate", true);
        return answer;
    }
}
