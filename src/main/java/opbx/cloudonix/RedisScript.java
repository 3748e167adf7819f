package opbx.cloudonix;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import opbx.cache.Redis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script run by its SHA, loaded on first use (as opbx.ratelimit.RateLimiter does). */
final class RedisScript {

    private final String source;
    private final String sha;

    RedisScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    Object eval(Redis redis, List<String> keys, List<String> args) {
        try {
            return redis.client().evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            // First use on this Redis, or after a restart: EVAL also caches the script.
            return redis.client().eval(source, keys, args);
        }
    }

    private static String sha1(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
