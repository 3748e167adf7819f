package opbx.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import opbx.cache.RedisKeys;
import opbx.cache.RoutingKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real call's state in Redis: read on the request's path, written in the one pipeline that follows the answer
 * ({@link RoutingContext#writes()}).
 */
final class RedisCallState implements CallState {

    private static final Logger log = LoggerFactory.getLogger(RedisCallState.class);
    private static final long ROTATION_TTL = 30L * 24 * 3600;
    private static final long STATE_TTL = 3600;
    private static final Pattern POINTER = Pattern.compile("[0-9]{1,18}");

    private final RoutingCache cache;
    private final ObjectMapper mapper;

    RedisCallState(RoutingCache cache, ObjectMapper mapper) {
        this.cache = cache;
        this.mapper = mapper;
    }

    @Override
    public boolean usable() {
        return cache.usable();
    }

    @Override
    public Optional<IvrFlow.IvrState> ivr(RoutingContext rc) {
        String value;
        try {
            value = cache.redis().client().get(ivrKey(rc));
            cache.succeeded();
        } catch (RuntimeException e) {
            cache.failed(e);
            throw e;
        }
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(value, IvrFlow.IvrState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void keepIvr(RoutingContext rc, IvrFlow.IvrState state) {
        try {
            String key = ivrKey(rc);
            String value = mapper.writeValueAsString(state);
            rc.writes().add(pipeline -> pipeline.setex(key, STATE_TTL, value));
        } catch (JsonProcessingException e) {
            log.debug("IVR state not written: {}", e.toString());
        }
    }

    @Override
    public void forgetIvr(RoutingContext rc) {
        String key = ivrKey(rc);
        rc.writes().add(pipeline -> pipeline.del(key));
    }

    @Override
    public Long rotation(RoutingContext rc, long groupId) {
        if (!cache.usable()) {
            return null;
        }
        try {
            String value = cache.redis().client().get(RoutingKeys.ringGroupRotation(rc.org(), groupId));
            cache.succeeded();
            return value == null || !POINTER.matcher(value).matches() ? null : Long.valueOf(value);
        } catch (RuntimeException e) {
            cache.failed(e);
            return null;
        }
    }

    @Override
    public void rotate(RoutingContext rc, long groupId, long extensionId) {
        String key = RoutingKeys.ringGroupRotation(rc.org(), groupId);
        rc.writes().add(pipeline -> pipeline.setex(key, ROTATION_TTL, String.valueOf(extensionId)));
    }

    private static String ivrKey(RoutingContext rc) {
        return RedisKeys.tenant(rc.org(), "ivr", rc.callSid());
    }
}
