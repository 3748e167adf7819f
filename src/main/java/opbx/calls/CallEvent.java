package opbx.calls;

import java.util.Map;

/** An event of execution-plane spec §12.1, collected inside a transaction and published after its commit. */
public record CallEvent(String type, Map<String, Object> data) {
}
