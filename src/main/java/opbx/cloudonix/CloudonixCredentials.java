package opbx.cloudonix;

import java.util.Objects;

/**
 * What one organisation's Cloudonix calls need (control-plane spec §6.1): its domain and the domain API key, decrypted
 * by the caller only for the call. {@link #toString()} shows the key's first characters only, so a credentials value
 * that ends up in a log line or an exception message leaks nothing.
 *
 * @param organizationId the tenant; scopes the circuit breaker and the pacing bucket
 * @param domainUuid     the {@code {d}} of every path
 * @param apiKey         the bearer key of the domain
 */
public record CloudonixCredentials(long organizationId, String domainUuid, String apiKey) {

    public CloudonixCredentials {
        if (organizationId <= 0) {
            throw new IllegalArgumentException("organization id must be positive");
        }
        Objects.requireNonNull(domainUuid, "domainUuid");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    @Override
    public String toString() {
        return "CloudonixCredentials[organizationId=" + organizationId + ", domainUuid=" + domainUuid
                + ", apiKey=" + Redaction.key(apiKey) + "]";
    }
}
