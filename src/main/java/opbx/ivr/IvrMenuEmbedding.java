package opbx.ivr;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/** IVR menus as other resources embed them: the menu object of control-plane spec §3.5 without its options. */
public final class IvrMenuEmbedding {

    private final IvrMenuRepository menus = new IvrMenuRepository();

    public Map<Long, Map<String, Object>> load(DSLContext dsl, long organizationId, Collection<Long> ids) {
        Map<Long, Map<String, Object>> found = new LinkedHashMap<>();
        menus.findAll(dsl, organizationId, ids).forEach((id, menu) -> found.put(id, IvrMenuJson.summary(menu)));
        return found;
    }
}
