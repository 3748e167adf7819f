package opbx.extensions;

import static opbx.db.gen.Tables.CLOUDONIX_SETTINGS;
import static opbx.db.gen.Tables.EXTENSIONS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import opbx.cache.RedisKeys;
import opbx.secrets.Secrets;
import opbx.support.FakeCloudonix;
import opbx.support.HttpTestClient;
import opbx.support.Identity;
import opbx.support.Identity.Team;
import opbx.support.TestApp;
import opbx.support.TestStores;

/**
 * A server of its own pointed at a {@link FakeCloudonix} (control-plane spec §6.5), and organisations whose Cloudonix
 * settings name a domain of that fake. Each organisation has its own domain, breaker and pacing bucket, so tests do
 * not see each other's requests.
 */
final class SyncKit implements AutoCloseable {

    /** An organisation with Cloudonix configured. */
    record Org(Team team, String domainUuid, String apiKey) {

        long id() {
            return team.organizationId();
        }

        HttpTestClient admin() {
            return team.admin().http();
        }

        /** The fake's path regex of this domain's subscribers, plus {@code rest}. */
        String subscribers(String rest) {
            return "/customers/self/domains/" + domainUuid + "/subscribers" + rest;
        }
    }

    /** The Cloudonix columns of an extension row. */
    record Row(String subscriberId, String uuid, boolean synced, OffsetDateTime syncedAt, String lastError) {
    }

    final FakeCloudonix fake = FakeCloudonix.start();
    final TestApp app = TestApp.start(TestStores.get().database(), TestStores.get().redis(), Map.of(
            "CLOUDONIX_API_BASE_URL", fake.baseUrl(),
            "CLOUDONIX_TIMEOUT_MS", "1000"));
    private final Secrets secrets = new Secrets(app.server().appKey(), Optional.empty());

    /** A new organisation whose settings hold a new domain of the fake. */
    Org org(String name) {
        Team team = Identity.team(app, name);
        String uuid = UUID.randomUUID().toString();
        String key = "ck_" + UUID.randomUUID().toString().replace("-", "");
        fake.addDomain(uuid, key);
        app.dsl().insertInto(CLOUDONIX_SETTINGS)
                .set(CLOUDONIX_SETTINGS.ORGANIZATION_ID, team.organizationId())
                .set(CLOUDONIX_SETTINGS.DOMAIN_UUID, UUID.fromString(uuid))
                .set(CLOUDONIX_SETTINGS.DOMAIN_API_KEY, secrets.encrypt(key, "cloudonix_settings", "domain_api_key",
                        team.organizationId()))
                .execute();
        return new Org(team, uuid, key);
    }

    Row row(long organizationId, long id) {
        return app.dsl().select(EXTENSIONS.CLOUDONIX_SUBSCRIBER_ID, EXTENSIONS.CLOUDONIX_UUID, EXTENSIONS.CLOUDONIX_SYNCED,
                        EXTENSIONS.CLOUDONIX_SYNCED_AT, EXTENSIONS.CLOUDONIX_LAST_ERROR)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(organizationId))
                .and(EXTENSIONS.ID.eq(id))
                .fetchOne(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The subscribers of the organisation's domain in the fake, by msisdn. */
    ObjectNode subscriber(Org org, String msisdn) {
        synchronized (fake) {
            return fake.domain(org.domainUuid()).subscribers.values().stream()
                    .filter(s -> s.path("msisdn").asText().equals(msisdn))
                    .findFirst()
                    .map(ObjectNode::deepCopy)
                    .orElse(null);
        }
    }

    /** The requests the fake received for this organisation's domain. */
    List<FakeCloudonix.Request> requests(Org org, String method, String rest) {
        return fake.requests(method, org.subscribers(rest));
    }

    /** A full pacing bucket again, so a test's many calls never wait on §6.2's 10 per 10 s. */
    void refillPace(Org org) {
        app.server().redis().client().del(RedisKeys.tenant(org.id(), "cloudonix", "pace"));
    }

    static long created(HttpTestClient.Response response) {
        if (response.status() != 201) {
            throw new AssertionError("expected 201: " + response.status() + " " + response.body());
        }
        return response.json().path("extension").path("id").asLong();
    }

    static JsonNode warning(HttpTestClient.Response response) {
        return response.json().path("cloudonix_warning");
    }

    @Override
    public void close() {
        app.close();
        fake.close();
    }
}
