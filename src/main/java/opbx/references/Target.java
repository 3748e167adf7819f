package opbx.references;

/** What can be referenced by routing links (control-plane spec §3.15), with the words used in its 409 message. */
public enum Target {
    EXTENSION("extension"),
    RING_GROUP("ring group"),
    IVR_MENU("IVR menu"),
    CONFERENCE_ROOM("conference room"),
    BUSINESS_HOURS("business hours schedule");

    private final String label;

    Target(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
