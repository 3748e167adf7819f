package opbx.voice;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dry run's call state: IVR state kept here between the simulated requests, exactly as Redis keeps it between
 * real ones; round-robin positions read from the real store (what the next real call would get) and moved only here,
 * so a simulation never advances a real pointer. One per simulation, used by one thread.
 */
final class ScratchCallState implements CallState {

    private final CallState real;
    private IvrFlow.IvrState ivr;
    private final Map<Long, Long> rotations = new HashMap<>();

    ScratchCallState(CallState real) {
        this.real = real;
    }

    @Override
    public boolean usable() {
        return true;
    }

    @Override
    public Optional<IvrFlow.IvrState> ivr(RoutingContext rc) {
        return Optional.ofNullable(ivr);
    }

    @Override
    public void keepIvr(RoutingContext rc, IvrFlow.IvrState state) {
        ivr = state;
    }

    @Override
    public void forgetIvr(RoutingContext rc) {
        ivr = null;
    }

    @Override
    public Long rotation(RoutingContext rc, long groupId) {
        return rotations.containsKey(groupId) ? rotations.get(groupId) : real.rotation(rc, groupId);
    }

    @Override
    public void rotate(RoutingContext rc, long groupId, long extensionId) {
        rotations.put(groupId, extensionId);
    }
}
