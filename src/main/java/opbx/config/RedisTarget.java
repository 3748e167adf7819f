package opbx.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where Redis is, parsed from {@code REDIS_URL} ({@code redis://[user:password@]host:port[/db]}, or rediss://). */
public record RedisTarget(String host, int port, String user, String password, int database, boolean ssl) {

    private static final String VARIABLE = "REDIS_URL";

    public static RedisTarget parse(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        boolean ssl = "rediss".equals(uri.getScheme());
        if (!ssl && !"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw invalid();
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new ConfigException(VARIABLE, "the database '" + path + "' is not a number; use redis://host:6379/0");
            }
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (parts.length == 2) {
                user = parts[0].isEmpty() ? null : decode(parts[0]);
                password = decode(parts[1]);
            } else {
                password = decode(parts[0]);
            }
        }
        return new RedisTarget(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), user, password, database, ssl);
    }

    public static RedisTarget local(int port) {
        return new RedisTarget("127.0.0.1", port, null, null, 0, false);
    }

    private static ConfigException invalid() {
        return new ConfigException(VARIABLE, "not a Redis URL; use redis://host:6379/0 (or rediss:// for TLS)");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    public String describe() {
        return (ssl ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "RedisTarget[" + describe() + "]";
    }
}
