package opbx.businesshours;

import static opbx.businesshours.BusinessHoursRows.body;
import static opbx.businesshours.BusinessHoursRows.createId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import opbx.support.HttpTestClient.Response;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;

/** The full business-hours object embedded in phone-number responses (control-plane spec §3.9). */
class BusinessHoursEmbeddingTest {

    private final TestApp app = TestApp.shared();

    @Test
    void a_phone_number_routed_to_a_schedule_embeds_the_full_object() {
        Team team = Identity.team(app, "BH Embed Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long id = createId(team.owner().http(), body("Front desk", rows.extension()));
        long did = rows.didTo(id);

        Response response = team.reporter().http().get("/api/v1/phone-numbers/" + did);

        assertEquals(200, response.status(), response.body());
        JsonNode embedded = response.json().path("data").path("business_hours_schedule");
        assertEquals(String.valueOf(id), embedded.path("id").asText());
        assertEquals("Front desk", embedded.path("name").asText());
        assertEquals(BusinessHoursRows.DAYS, BusinessHoursRows.fieldNames(embedded.path("schedule")));
        assertTrue(embedded.has("current_status") && embedded.has("exceptions") && embedded.has("effective_timezone"),
                embedded.toString());
    }

    @Test
    void a_page_of_schedules_loads_in_the_same_number_of_queries_as_one() {
        Team team = Identity.team(app, "BH Embed Queries Org");
        BusinessHoursRows rows = new BusinessHoursRows(app.dsl(), team.organizationId());
        long extension = rows.extension();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createId(team.owner().http(), body("Schedule " + i, extension)));
        }
        AtomicInteger statements = new AtomicInteger();
        DSLContext counting = counting(app.dsl(), statements);
        BusinessHoursEmbedding embedding = new BusinessHoursEmbedding(new BusinessHoursRepository(), TestApp.CLOCK);

        Map<Long, Map<String, Object>> one = embedding.load(counting, team.organizationId(), ids.subList(0, 1));
        int forOne = statements.getAndSet(0);
        Map<Long, Map<String, Object>> five = embedding.load(counting, team.organizationId(), ids);
        int forFive = statements.get();

        assertEquals(1, one.size());
        assertEquals(5, five.size());
        assertEquals(forOne, forFive);
        assertEquals(3, forFive, "schedules, days with ranges, exceptions with ranges");
        assertFalse(embedding.load(counting, Identity.team(app, "BH Embed Other Org").organizationId(), ids)
                .containsKey(ids.get(0)), "another organisation embeds nothing");
    }

    /** The same database, with every executed statement counted (the tenant guard still runs). */
    private static DSLContext counting(DSLContext dsl, AtomicInteger statements) {
        Configuration configuration = dsl.configuration();
        List<ExecuteListenerProvider> providers = new ArrayList<>(List.of(configuration.executeListenerProviders()));
        providers.add(new DefaultExecuteListenerProvider(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                statements.incrementAndGet();
            }
        }));
        return configuration.derive(providers.toArray(ExecuteListenerProvider[]::new)).dsl();
    }
}
