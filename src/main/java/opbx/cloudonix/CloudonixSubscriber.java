package opbx.cloudonix;

import java.util.Objects;

/**
 * The body of a subscriber create or update (control-plane spec §6.1): {@code {"msisdn","sipPassword","active"}}.
 * {@link #toString()} never shows the SIP password.
 */
public record CloudonixSubscriber(String msisdn, String sipPassword, boolean active) {

    public CloudonixSubscriber {
        Objects.requireNonNull(msisdn, "msisdn");
        Objects.requireNonNull(sipPassword, "sipPassword");
    }

    @Override
    public String toString() {
        return "CloudonixSubscriber[msisdn=" + msisdn + ", sipPassword=****, active=" + active + "]";
    }
}
