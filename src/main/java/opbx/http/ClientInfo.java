package opbx.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where a request comes from, for rate limits and the audit log (control-plane spec §0.8): the socket address, or
 * the first untrusted hop of {@code X-Forwarded-For} when the peer is one of {@code OPBX_TRUSTED_PROXIES}.
 */
public record ClientInfo(String ip, String userAgent, String requestId) {

    private static final int MAX_USER_AGENT = 500;

    public static ClientInfo of(Context ctx, List<String> trustedProxies) {
        String agent = ctx.userAgent();
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        return new ClientInfo(clientIp(ctx.ip(), ctx.header("X-Forwarded-For"), trustedProxies), agent, RequestIds.of(ctx));
    }

    static String clientIp(String peer, String forwardedFor, List<String> trustedProxies) {
        if (forwardedFor == null || !trusted(peer, trustedProxies)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted(hop, trustedProxies)) {
                return isAddress(hop) ? hop : peer;
            }
        }
        return peer;
    }

    private static boolean trusted(String address, List<String> cidrs) {
        for (String cidr : cidrs) {
            if (inCidr(address, cidr)) {
                return true;
            }
        }
        return false;
    }

    public static boolean inCidr(String address, String cidr) {
        try {
            String[] parts = cidr.split("/", 2);
            byte[] network = literal(parts[0]);
            byte[] candidate = literal(address);
            if (network == null || candidate == null || network.length != candidate.length) {
                return false;
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((network[i] & mask) != (candidate[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isAddress(String value) {
        return literal(value) != null;
    }

    /** The bytes of an IP literal, without any DNS lookup; null when it is not one. */
    private static byte[] literal(String value) {
        if (value == null || !value.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
