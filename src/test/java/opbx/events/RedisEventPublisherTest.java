package opbx.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import opbx.cache.Redis;
import opbx.config.RedisTarget;
import opbx.http.Json;
import opbx.support.TestStores;
import org.junit.jupiter.api.Test;

/** The envelope of execution-plane spec §12.1, and a publisher that never throws. */
class RedisEventPublisherTest {

    private static final Clock AT = Clock.fixed(Instant.parse("2026-01-05T10:00:00.750Z"), ZoneOffset.UTC);

    @Test
    void the_envelope_is_one_line_with_id_type_organisation_time_to_the_second_and_data() throws Exception {
        try (Redis redis = new Redis(TestStores.get().redis())) {
            RedisEventPublisher publisher = new RedisEventPublisher(redis, Json.newMapper(), AT);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("call_id", "c-4");
            data.put("ended_at", Instant.parse("2026-01-05T09:59:59.400Z"));
            data.put("note", "two\nlines");

            String envelope = publisher.envelope(1, "call.ended", data);

            assertTrue(envelope.matches("\\{\"id\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\","
                    + "\"type\":\"call.ended\",\"organization_id\":1,\"occurred_at\":\"2026-01-05T10:00:00Z\","
                    + "\"data\":\\{\"call_id\":\"c-4\",\"ended_at\":\"2026-01-05T09:59:59Z\",\"note\":\"two\\\\nlines\"}}"),
                    envelope);
        }
    }

    @Test
    void with_redis_unreachable_publishing_drops_the_event_without_throwing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Redis redis = new Redis(RedisTarget.local(closedPort))) {
            RedisEventPublisher publisher = new RedisEventPublisher(redis, Json.newMapper(), AT);

            for (int i = 0; i < 5; i++) {
                assertDoesNotThrow(() -> publisher.publish(1, "call.initiated", Map.of("call_id", "c-down")));
            }
            assertDoesNotThrow(() -> publisher.publish(1, "call.initiated", null));
        }
    }
}
