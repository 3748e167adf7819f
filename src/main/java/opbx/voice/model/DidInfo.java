package opbx.voice.model;

/** A DID as routing reads it ({@code opbx:{o}:did:{e164}}); {@code targetId} is the integer under the type's key. */
public record DidInfo(long id, String phoneNumber, String routingType, Long targetId, String status) {

    public boolean active() {
        return "active".equals(status);
    }
}
