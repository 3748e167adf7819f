package opbx.phonenumbers;

import java.util.Collection;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Loads the objects a page of phone numbers embeds, for one routing type, in one query: the owning feature renders
 * them (an extension without {@code sip_config}, a ring group without members, ...), so phone numbers stay
 * independent of those packages and lists stay free of N+1 queries.
 */
@FunctionalInterface
public interface TargetLoader {

    /** The embedded objects by target id; missing ids are absent. */
    Map<Long, Map<String, Object>> load(DSLContext dsl, long organizationId, Collection<Long> ids);
}
