package opbx.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import opbx.calls.CallEvent;
import opbx.voice.model.OrgInfo;
import org.jooq.DSLContext;

/**
 * One webhook of execution-plane spec §9: what it requires, how a repeat is recognised, and what it stores in one
 * transaction. {@link WebhookProcessor} runs the common rules around it (markers, 503, events after commit).
 */
interface WebhookEndpoint {

    /** What a store did: the answer's body, whether it was a repeat, and the events to publish after commit. */
    record Stored(Map<String, Object> body, boolean duplicate, List<CallEvent> events) {
    }

    /** The marker family: {@code su}, {@code cdr} or {@code cs}. */
    String kind();

    /** Missing or invalid required fields, by name; empty when the payload can be stored. */
    Map<String, String> validate(Payload payload);

    /** The derived idempotency key (an {@code X-Idempotency-Key} header replaces it). */
    String markerKey(Payload payload);

    Stored store(DSLContext trx, OrgInfo org, Payload payload, Instant now);

    /** The success body for a repeat recognised by its marker, before {@code "duplicate":true} is added. */
    Map<String, Object> repeatBody(Payload payload);

    /** The 500 body of §9.2-9.4. */
    Map<String, Object> failureBody();
}
