package opbx.whitelist;

import static opbx.db.gen.Tables.OUTBOUND_WHITELISTS;
import static opbx.support.TestData.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import opbx.db.gen.tables.records.OutboundWhitelistsRecord;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import org.jooq.DSLContext;
import org.jooq.Result;

/** Shared steps of the outbound whitelist tests. */
final class Whitelists {

    static final String PATH = "/api/v1/outbound-whitelist";

    private Whitelists() {
    }

    /** Creates an entry through the API; fails unless 201. */
    static JsonNode create(HttpTestClient http, String name, String country, String prefix, String trunk) {
        Response response = http.postJson(PATH, json("name", name, "destination_country", country,
                "destination_prefix", prefix, "outbound_trunk_name", trunk));
        if (response.status() != 201) {
            throw new AssertionError("create of " + name + " failed: " + response.status() + " " + response.body());
        }
        return response.json().path("data");
    }

    static Response patch(HttpTestClient http, String path, String body) {
        return http.send("PATCH", path, body, "application/json", Map.of());
    }

    static Result<OutboundWhitelistsRecord> rows(DSLContext dsl, long organizationId) {
        return dsl.selectFrom(OUTBOUND_WHITELISTS)
                .where(OUTBOUND_WHITELISTS.ORGANIZATION_ID.eq(organizationId))
                .orderBy(OUTBOUND_WHITELISTS.ID)
                .fetch();
    }

    static List<String> names(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
