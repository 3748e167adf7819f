package opbx.voice;

import java.util.Optional;

/**
 * What a call keeps between its routing requests: its IVR state (turns, invalid inputs, timeouts) and the round-robin
 * position of each ring group. Real calls keep it in Redis, so N instances behave as one ({@link RedisCallState});
 * the dry run keeps it in a scratch store of its own ({@link ScratchCallState}), so it walks the same state machine
 * and writes nothing.
 */
interface CallState {

    /** Whether state can be kept at all; when not, an IVR counts nothing (execution-plane spec §6.5). */
    boolean usable();

    /** The call's IVR state, if any; throws when the store fails, so the caller can degrade (§6.5). */
    Optional<IvrFlow.IvrState> ivr(RoutingContext rc);

    void keepIvr(RoutingContext rc, IvrFlow.IvrState state);

    void forgetIvr(RoutingContext rc);

    /** The extension a round-robin group rang last (§4.4), or null: the rotation starts at the first member. */
    Long rotation(RoutingContext rc, long groupId);

    void rotate(RoutingContext rc, long groupId, long extensionId);
}
