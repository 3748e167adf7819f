package opbx.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.AbstractPipeline;

/**
 * The Redis writes of one routing request (the call summary, IVR state, the round-robin pointer, {@code call.routed}),
 * gathered while the answer is composed and sent in one pipelined round trip once it is known, rather than one round
 * trip each in the middle of the decision. Best effort, as each write was on its own: the caller counts a failure
 * and the answer stands.
 */
public final class RedisWrites {

    private final List<Consumer<AbstractPipeline>> writes = new ArrayList<>();

    /** Adds a write; nothing is sent before {@link #flush}. */
    public void add(Consumer<AbstractPipeline> write) {
        writes.add(write);
    }

    /** True when nothing was added. */
    public boolean isEmpty() {
        return writes.isEmpty();
    }

    /** Sends every write in one round trip and forgets them; throws what Redis threw. */
    public void flush(Redis redis) {
        if (writes.isEmpty()) {
            return;
        }
        try (AbstractPipeline pipeline = redis.client().pipelined()) {
            writes.forEach(write -> write.accept(pipeline));
            pipeline.sync();
        } finally {
            writes.clear();
        }
    }
}
