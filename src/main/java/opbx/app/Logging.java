package opbx.app;

/**
 * Configures slf4j-simple through its system properties. Must run before the first logger is created, which is why
 * {@code Main} calls it right after reading the configuration.
 */
public final class Logging {

    private Logging() {
    }

    public static void configure(String level) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", level);
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        // Libraries that are chatty at info: their warnings still show.
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.zonky", "warn");
        setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.javalin", "warn");
        setDefault("org.slf4j.simpleLogger.log.redis", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.jooq", "warn");
        setDefault("org.jooq.no-logo", "true");
        setDefault("org.jooq.no-tips", "true");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
