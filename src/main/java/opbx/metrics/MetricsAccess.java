package opbx.metrics;

import java.util.Optional;
import opbx.config.MetricsToken;

/**
 * Who may read {@code GET /metrics} (issue 10). With {@code OPBX_METRICS_TOKEN} set: whoever sends it as a bearer
 * token. Without: only a client on this machine, judged by the socket's peer address; a request that came through
 * a proxy (it carries {@code X-Forwarded-For} or {@code Forwarded}) is refused even from loopback, because a proxy on
 * the same host would otherwise open the metrics to everyone it serves.
 */
public final class MetricsAccess {

    /** The answer: 200 serve, 401 token missing or wrong, 403 not a local client. */
    public enum Decision {
        ALLOW, UNAUTHENTICATED, FORBIDDEN
    }

    private static final String BEARER = "Bearer ";

    private final Optional<MetricsToken> token;

    public MetricsAccess(Optional<MetricsToken> token) {
        this.token = token;
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param peerAddress   the socket's remote address (an IP literal, IPv6 possibly in brackets)
     * @param forwarded     whether the request carries {@code X-Forwarded-For} or {@code Forwarded}
     */
    public Decision decide(String authorization, String peerAddress, boolean forwarded) {
        if (token.isPresent()) {
            boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
            return bearer && token.get().matches(authorization.substring(BEARER.length()).trim())
                    ? Decision.ALLOW : Decision.UNAUTHENTICATED;
        }
        return !forwarded && isLoopback(peerAddress) ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** 127.0.0.0/8, ::1 and ::ffff:127.x, read from the literal without any name lookup. */
    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        String lower = literal.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("::ffff:")) {
            lower = lower.substring("::ffff:".length());
        }
        if (lower.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return true;
        }
        return lower.equals("::1") || lower.matches("(0{1,4}:){7}0{0,3}1");
    }
}
