package opbx.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import opbx.cache.RedisKeys;
import opbx.calls.CallOrigin;
import opbx.voice.RoutingCache;

/**
 * The call summary routing leaves in {@code opbx:{o}:call:{CallSid}} (execution-plane spec §2.2): what a call log
 * created by a webhook takes its direction, parties and targets from. Redis down or no summary: the report's own
 * data is used instead.
 */
final class CallSummaries {

    private final RoutingCache cache;
    private final ObjectMapper mapper;

    CallSummaries(RoutingCache cache, ObjectMapper mapper) {
        this.cache = cache;
        this.mapper = mapper;
    }

    Optional<CallOrigin> find(long org, String token) {
        if (token == null || !cache.usable()) {
            return Optional.empty();
        }
        try {
            String json = cache.redis().client().get(RedisKeys.tenant(org, "call", token));
            cache.succeeded();
            if (json == null) {
                return Optional.empty();
            }
            JsonNode summary = mapper.readTree(json);
            return Optional.of(new CallOrigin(
                    CallOrigin.direction(summary.path("direction").asText(null)),
                    text(summary, "from"), text(summary, "to"),
                    id(summary, "did_id"), id(summary, "extension_id"), id(summary, "ring_group_id")));
        } catch (IOException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            cache.failed(e);
            return Optional.empty();
        }
    }

    private static String text(JsonNode summary, String field) {
        String value = summary.path(field).asText(null);
        return value == null || value.isBlank() ? CallOrigin.UNKNOWN : value;
    }

    private static Long id(JsonNode summary, String field) {
        JsonNode node = summary.path(field);
        return node.canConvertToLong() && node.isIntegralNumber() ? node.asLong() : null;
    }
}
