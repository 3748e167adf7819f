package opbx.ivr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Cloudonix's TTS voices as GET /ivr-menus/voices shows them (control-plane spec §3.6): one item per voice, sorted by
 * language, gender (female, male, neutral, then any other) and name, and the filter values the list holds.
 */
final class VoiceCatalogue {

    private static final List<String> GENDERS = List.of("female", "male", "neutral");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Voice(String id, String name, String provider, String language, String gender, String pricing) {
    }

    private VoiceCatalogue() {
    }

    /** {@code {"data":[...],"filters":{languages, genders, providers, pricing}}} of Cloudonix's voice array. */
    static ObjectNode of(JsonNode voices) {
        List<Voice> list = new ArrayList<>();
        for (JsonNode voice : voices) {
            String id = text(voice.path("voice"), null);
            if (id != null) {
                list.add(voice(id, voice));
            }
        }
        list.sort(Comparator.comparing(Voice::language)
                .thenComparing(voice -> genderRank(voice.gender()))
                .thenComparing(Voice::gender)
                .thenComparing(Voice::name, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(Voice::id));
        ObjectNode json = JSON.objectNode();
        ArrayNode data = json.putArray("data");
        TreeSet<String> languages = new TreeSet<>();
        TreeSet<String> genders = new TreeSet<>(Comparator.comparing(VoiceCatalogue::genderRank)
                .thenComparing(Comparator.naturalOrder()));
        TreeSet<String> providers = new TreeSet<>();
        TreeSet<String> pricing = new TreeSet<>();
        for (Voice voice : list) {
            data.addObject()
                    .put("id", voice.id())
                    .put("name", voice.name())
                    .put("provider", voice.provider())
                    .put("language", voice.language())
                    .put("gender", voice.gender())
                    .put("premium", voice.pricing().equals("premium"))
                    .put("pricing", voice.pricing());
            languages.add(voice.language());
            genders.add(voice.gender());
            providers.add(voice.provider());
            pricing.add(voice.pricing());
        }
        ObjectNode filters = json.putObject("filters");
        ArrayNode languageFilter = filters.putArray("languages");
        languages.forEach(code -> languageFilter.addObject().put("code", code).put("name", languageName(code)));
        genders.forEach(filters.putArray("genders")::add);
        providers.forEach(filters.putArray("providers")::add);
        pricing.forEach(filters.putArray("pricing")::add);
        return json;
    }

    /** "AWS:Joanna": provider before the colon (unless Cloudonix names it), name after it. */
    private static Voice voice(String id, JsonNode voice) {
        int colon = id.indexOf(':');
        String name = colon >= 0 ? id.substring(colon + 1) : id;
        String provider = text(voice.path("provider"), colon > 0 ? id.substring(0, colon) : "");
        String language = voice.path("languages").isArray() ? text(voice.path("languages").path(0), "en-US") : "en-US";
        String gender = text(voice.path("gender"), "neutral").toLowerCase(Locale.ROOT);
        String pricing = text(voice.path("pricing"), "standard").toLowerCase(Locale.ROOT);
        return new Voice(id, name, provider, language, gender, pricing);
    }

    /** "en-US" → "English (United States)"; a tag Java does not know is shown as it is. */
    static String languageName(String code) {
        Locale locale = Locale.forLanguageTag(code);
        String name = locale.getDisplayName(Locale.ENGLISH);
        return name.isBlank() || locale.getLanguage().isEmpty() ? code : name;
    }

    private static int genderRank(String gender) {
        int rank = GENDERS.indexOf(gender);
        return rank >= 0 ? rank : GENDERS.size();
    }

    private static String text(JsonNode value, String fallback) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText().trim() : fallback;
    }
}
