package opbx.faults;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.CALL_LOGS;
import static opbx.db.gen.Tables.SESSION_UPDATES;
import static opbx.faults.FaultWorld.await;
import static org.jooq.impl.DSL.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import opbx.config.DatabaseTarget;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import opbx.support.TestStores;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 5, execution-plane spec §9.1: PostgreSQL refuses connections while CDRs keep arriving. Each delivery
 * is answered 200 (stored) or 503 with {@code Retry-After} (not stored), never a 500; Cloudonix's retries after the
 * outage store every CDR exactly once, each with its call log and its {@code cdr-final} session update.
 */
class DatabaseOutageUnderWebhookLoadTest {

    private static final int CLIENTS = 6;
    private static final Duration CAP = Duration.ofSeconds(20);
    private static final String UNAVAILABLE = "{\"error\":\"Service unavailable\",\"message\":\"Database unavailable\"}";

    @Test
    void cdrs_posted_through_an_outage_get_200_or_503_and_their_retries_store_each_exactly_once() {
        TestStores stores = TestStores.get();
        DatabaseTarget database = stores.freshDatabase();
        TestApp app = TestApp.start(database, stores.redis());
        try {
            FaultWorld w = new FaultWorld(app, "Fault database outage");
            // The organisation's key is cached by this first delivery, so the outage hits the stores themselves.
            assertEquals(200, w.post(FaultWorld.CDR, FaultWorld.cdr(0)).status());

            List<Clients.Answer> answers;
            try (Clients clients = new Clients(CLIENTS, n -> w.post(FaultWorld.CDR, FaultWorld.cdr(n)))) {
                assertTrue(await(CAP, () -> clients.answeredIn("before") >= 30), "load is running");
                clients.phase("outage");
                stores.allowConnections(database, false);
                try {
                    assertTrue(await(CAP, () -> clients.answeredIn("outage") >= 2 * CLIENTS),
                            "deliveries went on being answered during the outage");
                } finally {
                    clients.phase("restored");
                    stores.allowConnections(database, true);
                }
                assertTrue(await(CAP, () -> clients.answeredIn("restored") >= 30), "load went on after the outage");
                answers = clients.stop();
            }

            List<Clients.Answer> refused = answers.stream().filter(a -> a.status() != 200).toList();
            List<Clients.Answer> wrong = refused.stream()
                    .filter(a -> a.status() != 503 || !"5".equals(a.retryAfter()) || !UNAVAILABLE.equals(a.body()))
                    .toList();
            assertEquals(List.of(), wrong.stream().limit(5).toList(), wrong.size() + " answers neither 200 nor the 503");
            assertTrue(refused.stream().anyMatch(a -> a.phase().equals("outage")),
                    "the outage was seen: " + Clients.summary(answers));
            System.out.println("[faults] CDRs through a database outage: " + Clients.summary(answers));

            // Cloudonix retries every delivery not answered 200 until it is.
            for (Clients.Answer answer : refused) {
                Response retry = w.post(FaultWorld.CDR, FaultWorld.cdr(answer.n()));
                for (int attempt = 0; attempt < 20 && retry.status() == 503; attempt++) {
                    retry = w.post(FaultWorld.CDR, FaultWorld.cdr(answer.n()));
                }
                assertEquals(200, retry.status(), "retry of CDR " + answer.n() + ": " + retry.body());
            }

            long sent = answers.stream().mapToLong(Clients.Answer::n).max().orElseThrow();
            assertStoredExactlyOnce(app.dsl(), w.org, sent);
        } finally {
            app.close();
        }
    }

    /** CDRs 0..sent each stored once, each with one call log and one {@code cdr-final} update, nothing else. */
    private static void assertStoredExactlyOnce(DSLContext dsl, long org, long sent) {
        Set<String> expectedCalls = new TreeSet<>();
        Set<String> expectedTokens = new TreeSet<>();
        Set<Long> expectedSessions = new TreeSet<>();
        for (long n = 0; n <= sent; n++) {
            expectedCalls.add(FaultWorld.callId(n));
            expectedTokens.add(FaultWorld.token(n));
            expectedSessions.add(FaultWorld.sessionId(n));
        }
        assertEquals(expectedCalls, multiset(dsl.select(CALL_DETAIL_RECORDS.CALL_ID, count())
                .from(CALL_DETAIL_RECORDS)
                .where(CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org))
                .groupBy(CALL_DETAIL_RECORDS.CALL_ID)
                .fetchMap(CALL_DETAIL_RECORDS.CALL_ID, count())), "CDRs, each once");
        assertEquals(expectedTokens, multiset(dsl.select(CALL_LOGS.CALL_ID, count())
                .from(CALL_LOGS)
                .where(CALL_LOGS.ORGANIZATION_ID.eq(org))
                .groupBy(CALL_LOGS.CALL_ID)
                .fetchMap(CALL_LOGS.CALL_ID, count())), "call logs, one per CDR");
        assertEquals(expectedSessions, multiset(dsl.select(SESSION_UPDATES.SESSION_ID, count())
                .from(SESSION_UPDATES)
                .where(SESSION_UPDATES.ORGANIZATION_ID.eq(org))
                .and(SESSION_UPDATES.EVENT_ID.eq("cdr-final"))
                .groupBy(SESSION_UPDATES.SESSION_ID)
                .fetchMap(SESSION_UPDATES.SESSION_ID, count())), "cdr-final session updates, one per CDR");
        assertEquals(expectedCalls.size(), dsl.fetchCount(SESSION_UPDATES, SESSION_UPDATES.ORGANIZATION_ID.eq(org)),
                "no other session update");
    }

    /** The keys, each once; a key counted more than once appears as {@code key x count}, so the comparison fails. */
    private static <K extends Comparable<K>> Set<Object> multiset(Map<K, Integer> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getValue() == 1 ? (Object) e.getKey() : e.getKey() + " x " + e.getValue())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
