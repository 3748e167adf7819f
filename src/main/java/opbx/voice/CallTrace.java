package opbx.voice;

/**
 * What one routing decision reached first, for the call summary of execution-plane spec §2.2 (the call log is built
 * from it when Cloudonix reports the call). Each id is kept at its first value; one request is one thread.
 */
public final class CallTrace {

    private String direction;
    private Long didId;
    private Long extensionId;
    private Long ringGroupId;

    void direction(String value) {
        if (direction == null) {
            direction = value;
        }
    }

    void did(long id) {
        if (didId == null) {
            didId = id;
        }
    }

    void extension(long id) {
        if (extensionId == null) {
            extensionId = id;
        }
    }

    void ringGroup(long id) {
        if (ringGroupId == null) {
            ringGroupId = id;
        }
    }

    public String direction() {
        return direction;
    }

    public Long didId() {
        return didId;
    }

    public Long extensionId() {
        return extensionId;
    }

    public Long ringGroupId() {
        return ringGroupId;
    }
}
