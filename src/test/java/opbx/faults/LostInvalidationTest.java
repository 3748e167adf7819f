package opbx.faults;

import static opbx.db.gen.Tables.EXTENSIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import opbx.support.TestApp;
import opbx.voice.ConfigVersions;
import org.junit.jupiter.api.Test;

/**
 * Routing never serves a configuration older than the last committed change for longer than the version sync takes
 * (once a second), however the change's cache invalidation fared (issue 15). The change is made straight in the
 * database, so no after-commit step runs at all: the database's trigger raises the organisation's version, and the
 * next sync (run here on demand, so the test does not wait on a clock) publishes it.
 */
class LostInvalidationTest {

    private static final String UNAVAILABLE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Say>Extension is not available Goodbye.</Say>
              <Hangup/>
            </Response>
            """;

    private final TestApp app = TestApp.shared();

    @Test
    void a_change_whose_invalidation_was_lost_is_routed_after_the_next_sync() {
        FaultWorld w = new FaultWorld(app, "Lost invalidation");
        assertEquals(FaultWorld.DIAL_1001, w.route("lost-1").body(), "warm: the configuration is held");
        long before = Long.parseLong(app.server().redis().client().get(ConfigVersions.key(w.org)));

        app.dsl().update(EXTENSIONS).set(EXTENSIONS.STATUS, "inactive")
                .where(EXTENSIONS.ORGANIZATION_ID.eq(w.org)).and(EXTENSIONS.EXTENSION_NUMBER.eq("1001")).execute();
        assertEquals(FaultWorld.DIAL_1001, w.route("lost-2").body(),
                "nothing told Redis yet: the held configuration is still the current version's");

        app.server().syncRoutingVersions();

        assertTrue(Long.parseLong(app.server().redis().client().get(ConfigVersions.key(w.org))) > before,
                "the sync raised the version");
        assertEquals(UNAVAILABLE, w.route("lost-3").body(), "the change is routed");
    }

    @Test
    void a_version_in_redis_never_goes_down_and_a_write_through_the_api_is_routed_at_once() {
        FaultWorld w = new FaultWorld(app, "Version only up");
        assertEquals(FaultWorld.DIAL_1001, w.route("up-1").body());
        String key = ConfigVersions.key(w.org);
        app.server().redis().client().set(key, "999999");
        app.server().syncRoutingVersions();
        assertEquals("999999", app.server().redis().client().get(key), "a sync never lowers a version");
        app.server().redis().client().del(key);

        app.dsl().update(EXTENSIONS).set(EXTENSIONS.STATUS, "inactive")
                .where(EXTENSIONS.ORGANIZATION_ID.eq(w.org)).and(EXTENSIONS.EXTENSION_NUMBER.eq("1001")).execute();
        assertEquals(UNAVAILABLE, w.route("up-2").body(), "no version in Redis: PostgreSQL's is read");
    }
}
