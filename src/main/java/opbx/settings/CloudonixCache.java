package opbx.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import opbx.cache.Redis;
import opbx.cache.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an organisation reads from Cloudonix, cached in Redis under {@code opbx:{<org>}:cloudonix:...} (control-plane
 * spec §6.2): voices 1 h, outbound trunks 5 min, the extensions sync compare 60 s. A settings save drops all of them.
 * Redis being away is a miss, never an error: the caller then asks Cloudonix.
 */
public final class CloudonixCache {

    public static final Duration VOICES_TTL = Duration.ofHours(1);
    public static final Duration TRUNKS_TTL = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(CloudonixCache.class);

    private final Redis redis;
    private final ObjectMapper mapper;

    public CloudonixCache(Redis redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    public static String voices(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "voices");
    }

    public static String trunks(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "trunks");
    }

    /** The extensions sync compare of control-plane spec §3.2, cached by that feature. */
    public static String compare(long organizationId) {
        return RedisKeys.tenant(organizationId, "cloudonix", "compare");
    }

    /** Every Cloudonix cache key of the organisation: what a settings change drops. */
    static String[] all(long organizationId) {
        return new String[] {voices(organizationId), trunks(organizationId), compare(organizationId)};
    }

    /** The cached JSON; empty on a miss, when Redis is away, or when the entry is not JSON. */
    public Optional<JsonNode> read(String key) {
        String text;
        try {
            text = redis.client().get(key);
        } catch (RuntimeException e) {
            log.debug("Cloudonix cache read of {} failed: {}", key, e.toString());
            return Optional.empty();
        }
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public void write(String key, JsonNode value, Duration ttl) {
        try {
            redis.client().setex(key, ttl.toSeconds(), value.toString());
        } catch (RuntimeException e) {
            log.debug("Cloudonix cache write of {} failed: {}", key, e.toString());
        }
    }
}
