package opbx.ivr;

import static opbx.db.gen.Tables.IVR_MENUS;
import static opbx.db.gen.Tables.IVR_MENU_OPTIONS;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** IVR menus as other resources embed them: the menu object of control-plane spec §3.5 without its options. */
public final class IvrMenuEmbedding {

    private static final Field<Integer> OPTIONS_COUNT = DSL.field(DSL.selectCount()
            .from(IVR_MENU_OPTIONS)
            .where(IVR_MENU_OPTIONS.ORGANIZATION_ID.eq(IVR_MENUS.ORGANIZATION_ID))
            .and(IVR_MENU_OPTIONS.IVR_MENU_ID.eq(IVR_MENUS.ID))).as("options_count");

    public Map<Long, Map<String, Object>> load(DSLContext dsl, long organizationId, Collection<Long> ids) {
        Map<Long, Map<String, Object>> found = new LinkedHashMap<>();
        dsl.select(IVR_MENUS.fields())
                .select(OPTIONS_COUNT)
                .from(IVR_MENUS)
                .where(IVR_MENUS.ORGANIZATION_ID.eq(organizationId))
                .and(IVR_MENUS.ID.in(ids))
                .forEach(row -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("id", row.get(IVR_MENUS.ID));
                    json.put("organization_id", row.get(IVR_MENUS.ORGANIZATION_ID));
                    json.put("name", row.get(IVR_MENUS.NAME));
                    json.put("description", row.get(IVR_MENUS.DESCRIPTION));
                    json.put("audio_file_path", row.get(IVR_MENUS.AUDIO_FILE_PATH));
                    json.put("tts_text", row.get(IVR_MENUS.TTS_TEXT));
                    json.put("tts_voice", row.get(IVR_MENUS.TTS_VOICE));
                    json.put("max_timeout", row.get(IVR_MENUS.MAX_TIMEOUT));
                    json.put("inter_digit_timeout", row.get(IVR_MENUS.INTER_DIGIT_TIMEOUT));
                    json.put("max_turns", row.get(IVR_MENUS.MAX_TURNS));
                    json.put("failover_destination_type", row.get(IVR_MENUS.FAILOVER_DESTINATION_TYPE));
                    json.put("failover_destination_id", row.get(IVR_MENUS.FAILOVER_DESTINATION_ID));
                    json.put("status", row.get(IVR_MENUS.STATUS));
                    json.put("options_count", row.get(OPTIONS_COUNT));
                    json.put("created_at", row.get(IVR_MENUS.CREATED_AT));
                    json.put("updated_at", row.get(IVR_MENUS.UPDATED_AT));
                    found.put(row.get(IVR_MENUS.ID), json);
                });
        return found;
    }
}
