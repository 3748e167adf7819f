package opbx.metrics;

/**
 * What the features count for {@code GET /metrics} (issue 10). The features see only this interface; {@link Metrics}
 * turns the calls into Prometheus series, {@link #NONE} ignores them (the CLI, and tests that build a part alone).
 */
public interface Meters {

    /** A {@code /api/voice/route} answer, by what the caller gets: dial, ivr, conference, service, outbound, error. */
    void routingDecision(String outcome);

    /** One lookup of the routing cache: found in Redis, or read from PostgreSQL. */
    void routingCacheLookup(boolean hit);

    /** One webhook delivery of an authenticated organisation, by kind and result (stored, duplicate, invalid, failed). */
    void webhookDelivery(String kind, String result);

    /** An organisation's Cloudonix circuit breaker opened (control-plane spec §6.3). */
    void circuitOpened();

    /** One login attempt's fate: succeeded, failed, throttled (429 for its address) or delayed (e-mail under attack). */
    void login(String result);

    /** The jar started one of its embedded stores again after it died ({@code postgres} or {@code redis}). */
    void storeRestarted(String store);

    Meters NONE = new Meters() {
        @Override
        public void storeRestarted(String store) {
        }

        @Override
        public void login(String result) {
        }

        @Override
        public void routingDecision(String outcome) {
        }

        @Override
        public void routingCacheLookup(boolean hit) {
        }

        @Override
        public void webhookDelivery(String kind, String result) {
        }

        @Override
        public void circuitOpened() {
        }
    };
}
