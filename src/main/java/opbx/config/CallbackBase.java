package opbx.config;

import java.util.Optional;

/**
 * The base of the URLs Cloudonix calls back when an organisation sets none: {@code OPBX_PUBLIC_URL}, else
 * {@code http://localhost:<port>} once the server listens. Never the request's {@code Host} header: callback URLs end
 * up in CXML and in the Cloudonix domain, and a header is whatever the caller wrote (issue 14, item 4).
 */
public final class CallbackBase {

    private final Optional<String> configured;
    private volatile int port;

    public CallbackBase(Optional<String> configured, int port) {
        this.configured = configured.map(url -> url.replaceAll("/+$", ""));
        this.port = port;
    }

    /** Called once the server listens: a random port ({@code PORT=0}) is known only then. */
    public void listeningOn(int actualPort) {
        this.port = actualPort;
    }

    /** {@code OPBX_PUBLIC_URL}, else {@code http://localhost:<port>}; no trailing slash. */
    public String url() {
        return configured.orElseGet(() -> "http://localhost:" + port);
    }

    /**
     * The base for one organisation (execution-plane spec §0.5): its {@code webhook_base_url} (trailing {@code /}
     * removed) when set, else {@link #url()}.
     */
    public String forOrganization(String webhookBaseUrl) {
        return webhookBaseUrl != null && !webhookBaseUrl.isBlank() ? webhookBaseUrl.trim().replaceAll("/+$", "") : url();
    }

    /** True when no public URL is configured: {@link #url()} is this machine's loopback, which Cloudonix cannot reach. */
    public boolean isLocalFallback() {
        return configured.isEmpty();
    }
}
