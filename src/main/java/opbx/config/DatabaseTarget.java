package opbx.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where PostgreSQL is: a JDBC URL plus credentials, parsed from {@code DATABASE_URL} in either the usual
 * {@code postgres://user:password@host:port/db} form or as a {@code jdbc:postgresql://} URL.
 * {@link #toString()} never shows the password.
 */
public record DatabaseTarget(String jdbcUrl, String user, String password) {

    private static final String VARIABLE = "DATABASE_URL";

    public static DatabaseTarget parse(String value) {
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseTarget(value, null, null);
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        String scheme = uri.getScheme();
        if (!"postgres".equals(scheme) && !"postgresql".equals(scheme) || uri.getHost() == null) {
            throw invalid();
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (database.isEmpty()) {
            throw new ConfigException(VARIABLE, "the URL names no database; use postgres://user:password@host:5432/opbx");
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new DatabaseTarget(jdbcUrl, user, password);
    }

    private static ConfigException invalid() {
        return new ConfigException(VARIABLE,
                "not a PostgreSQL URL; use postgres://user:password@host:5432/opbx or jdbc:postgresql://host:5432/opbx");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, for messages and logs. */
    public String describe() {
        return jdbcUrl.replaceAll("(?i)password=[^&]*", "password=***");
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + describe() + ", user=" + user + "]";
    }
}
