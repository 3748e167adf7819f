package opbx.voice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import opbx.voice.model.MenuInfo;

/**
 * The IVR of execution-plane spec §6 as pure functions: the menu's Gather document (§6.1), the per-call state (§6.2) and
 * the decision an input leads to (§6.3-§6.4). The caller reads and writes {@code opbx:{o}:ivr:{CallSid}}, follows
 * references through the resolver and logs; nothing here touches Redis, the database or the clock.
 */
public final class IvrFlow {

    static final String DEFAULT_VOICE = "Cloudonix-Neural:Zoe";
    static final String DEFAULT_PROMPT = "Please enter the number for your desired option.";
    static final String INVALID_NOTICE = "Invalid menu option, please try again.";
    static final int DEFAULT_INTER_DIGIT_TIMEOUT = 2;
    static final int DEFAULT_MAX_TIMEOUT = 3;
    static final int DEFAULT_MAX_TURNS = 3;
    static final int HISTORY_LIMIT = 20;

    /** History results. */
    public static final String MATCHED = "matched";
    public static final String INVALID = "invalid";
    public static final String TIMEOUT = "timeout";

    private IvrFlow() {
    }

    // §6.1 Presenting a menu.

    /** {@code {base}/api/voice/ivr-input?menu_id={id}&hops={h}}, the Gather action and the Redirect target. */
    public static String actionUrl(MenuInfo menu, String base, int hops) {
        return RingGroupPlan.trimBase(base) + "/api/voice/ivr-input?menu_id=" + menu.id() + "&hops=" + hops;
    }

    /** The Gather and Redirect of §6.1, with the invalid-option notice before the prompt on a replay after bad input. */
    public static Cxml present(MenuInfo menu, String base, int hops, boolean invalidNotice) {
        String action = actionUrl(menu, base, hops);
        Cxml gather = Cxml.element("Gather")
                .attr("action", action)
                .attr("timeout", orDefault(menu.interDigitTimeout(), DEFAULT_INTER_DIGIT_TIMEOUT))
                .attr("finishOnKey", "#")
                .attr("minDigits", 1)
                .attr("maxDigits", 10)
                .attr("maxTimeout", orDefault(menu.maxTimeout(), DEFAULT_MAX_TIMEOUT))
                .attr("actionOnEmptyResult", "true");
        if (invalidNotice) {
            gather.child(Cxml.say(INVALID_NOTICE));
        }
        gather.child(prompt(menu, base));
        return Cxml.response(gather, Cxml.element("Redirect").attr("method", "POST").text(action));
    }

    /** A recorded prompt when {@code audio_file_path} is set, else the menu's text, else the default text. */
    static Cxml prompt(MenuInfo menu, String base) {
        if (set(menu.audioFilePath())) {
            return Cxml.element("Play").text(audioUrl(menu, base));
        }
        String voice = set(menu.ttsVoice()) ? menu.ttsVoice().trim() : DEFAULT_VOICE;
        return set(menu.ttsText()) ? Cxml.say(menu.ttsText()).attr("voice", voice)
                : Cxml.say(DEFAULT_PROMPT).attr("voice", DEFAULT_VOICE);
    }

    /** An http(s) URL as is; a relative path under {@code {base}/storage/recordings/{organization_id}/}, per segment encoded. */
    public static String audioUrl(MenuInfo menu, String base) {
        String path = menu.audioFilePath().trim();
        if (path.regionMatches(true, 0, "http://", 0, 7) || path.regionMatches(true, 0, "https://", 0, 8)) {
            return path;
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        StringBuilder url = new StringBuilder(RingGroupPlan.trimBase(base)).append("/storage/recordings/")
                .append(menu.organizationId()).append('/');
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            url.append(i == 0 ? "" : "/").append(encodeSegment(segments[i]));
        }
        return url.toString();
    }

    /** RFC 3986 percent-encoding of one path segment: everything but {@code A-Z a-z 0-9 - . _ ~}, UTF-8, upper-case hex. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    // §6.2 State.

    /** One input as remembered in the state. */
    public record HistoryEntry(@JsonProperty("menu_id") long menuId, @JsonProperty("digits") String digits,
                               @JsonProperty("result") String result, @JsonProperty("at") String at) {
    }

    /**
     * The value of {@code opbx:{o}:ivr:{CallSid}}. Counts belong to {@code menuId}; the history (last 20 inputs, each
     * naming its menu) follows the call from menu to menu.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IvrState(@JsonProperty("menu_id") long menuId, @JsonProperty("turns") int turns,
                           @JsonProperty("invalid_count") int invalidCount, @JsonProperty("timeout_count") int timeoutCount,
                           @JsonProperty("started_at") String startedAt, @JsonProperty("last_input_at") String lastInputAt,
                           @JsonProperty("history") List<HistoryEntry> history) {

        public IvrState {
            history = history == null ? List.of() : List.copyOf(history.size() > HISTORY_LIMIT
                    ? history.subList(history.size() - HISTORY_LIMIT, history.size()) : history);
        }

        /** A state for a menu being presented: counts at 0, no input yet, the earlier history kept. */
        public static IvrState fresh(long menuId, Instant now, List<HistoryEntry> history) {
            return new IvrState(menuId, 0, 0, 0, timestamp(now), null, history);
        }

        /** The state to write when {@code menu} is presented: this one when it already counts for the menu, else fresh. */
        public static IvrState forPresentation(long menuId, IvrState previousOrNull, Instant now) {
            if (previousOrNull != null && previousOrNull.menuId() == menuId) {
                return previousOrNull;
            }
            return fresh(menuId, now, previousOrNull == null ? List.of() : previousOrNull.history());
        }

        IvrState withInput(String digits, String result, Instant now, int turnsAdded, int invalidAdded, int timeoutAdded) {
            List<HistoryEntry> entries = new ArrayList<>(history);
            entries.add(new HistoryEntry(menuId, digits, result, timestamp(now)));
            return new IvrState(menuId, turns + turnsAdded, invalidCount + invalidAdded, timeoutCount + timeoutAdded,
                    startedAt, timestamp(now), entries);
        }
    }

    // §6.3-§6.4 Input.

    public enum Kind {
        /** A valid option: follow {@code (type, id)} from hop 0 in the IVR-option context. */
        ROUTE,
        /** Present the same menu again, keeping {@code hops}, with the notice when {@code invalidNotice}. */
        REPLAY,
        /** Follow the menu's failover from the current {@code hops} in the IVR-failover context; {@code hangup}: HANGUP. */
        FAILOVER
    }

    public enum StateAction {
        /** Write {@code state} (TTL 3600 s): a replay's counts, or a fresh state once a menu destination is presented. */
        WRITE,
        /** Delete the call's state. */
        DELETE,
        /** State is unavailable (degraded): neither read nor written. */
        NONE
    }

    /**
     * What an input leads to. For ROUTE and FAILOVER, {@code destinationType} and {@code destinationId} are the reference
     * to follow ({@code hangup} with a null id for a hangup failover); {@code state} is what to write under
     * {@link StateAction#WRITE}, null otherwise. {@code digits} is the normalised input, {@code result} its history
     * result.
     */
    public record Decision(Kind kind, String destinationType, Long destinationId, boolean invalidNotice, IvrState state,
                           StateAction stateAction, String digits, String result) {

        /** The hop count the reference is followed from: 0 after a valid choice (§3.1), else the current one. */
        public int hopsFrom(int currentHops) {
            return kind == Kind.ROUTE ? 0 : currentHops;
        }

        /** A failover to {@code hangup} (or none configured): answer HANGUP. */
        public boolean hangup() {
            return "hangup".equals(destinationType);
        }
    }

    /** §6.3 step 2: trimmed, one trailing {@code #} removed; empty (a timeout) for null. */
    public static String normalizeDigits(String raw) {
        if (raw == null) {
            return "";
        }
        String digits = raw.trim();
        if (digits.endsWith("#")) {
            digits = digits.substring(0, digits.length() - 1).trim();
        }
        return digits;
    }

    /** {@code max_turns}, 3 when null, at least 1. */
    public static int maxTurns(MenuInfo menu) {
        return menu.maxTurns() == null ? DEFAULT_MAX_TURNS : Math.max(1, menu.maxTurns());
    }

    /**
     * §6.3-§6.4 for an active menu. {@code stateOrNull} is the stored state (null when absent; a state of another menu
     * starts fresh); with {@code stateAvailable} false the state can be neither read nor written: a valid option still
     * routes, anything else fails over at once, as if {@code max_turns} were reached.
     */
    public static Decision input(MenuInfo menu, IvrState stateOrNull, String rawDigits, boolean stateAvailable,
                                 Instant now) {
        String digits = normalizeDigits(rawDigits);
        MenuInfo.Option option = digits.isEmpty() ? null : option(menu, digits);
        String result = option != null ? MATCHED : digits.isEmpty() ? TIMEOUT : INVALID;
        if (!stateAvailable) {
            return option != null
                    ? new Decision(Kind.ROUTE, option.destinationType(), option.destinationId(), false, null,
                    StateAction.NONE, digits, result)
                    : failover(menu, null, now, digits, result);
        }
        IvrState state = IvrState.forPresentation(menu.id(), stateOrNull, now);
        if (option != null) {
            IvrState recorded = state.withInput(digits, result, now, 0, 0, 0);
            return onward(Kind.ROUTE, option.destinationType(), option.destinationId(), recorded, now, digits, result);
        }
        boolean invalid = result.equals(INVALID);
        IvrState counted = state.withInput(digits, result, now, 1, invalid ? 1 : 0, invalid ? 0 : 1);
        if (counted.turns() >= maxTurns(menu)) {
            return failover(menu, counted, now, digits, result);
        }
        return new Decision(Kind.REPLAY, null, null, invalid, counted, StateAction.WRITE, digits, result);
    }

    private static MenuInfo.Option option(MenuInfo menu, String digits) {
        if (menu.options() == null) {
            return null;
        }
        return menu.options().stream().filter(o -> digits.equals(o.digits())).findFirst().orElse(null);
    }

    /** §6.4; {@code counted} is null in degraded state, where nothing is written or deleted. */
    private static Decision failover(MenuInfo menu, IvrState counted, Instant now, String digits, String result) {
        String type = menu.failoverType() == null ? "hangup" : menu.failoverType();
        Long id = type.equals("hangup") ? null : menu.failoverId();
        if (counted == null) {
            return new Decision(Kind.FAILOVER, type, id, false, null, StateAction.NONE, digits, result);
        }
        return onward(Kind.FAILOVER, type, id, counted, now, digits, result);
    }

    /** A menu destination is presented with a fresh state (history kept); any other destination deletes the state. */
    private static Decision onward(Kind kind, String type, Long id, IvrState recorded, Instant now, String digits,
                                   String result) {
        if ("ivr_menu".equals(type) && id != null) {
            return new Decision(kind, type, id, false, IvrState.fresh(id, now, recorded.history()), StateAction.WRITE,
                    digits, result);
        }
        return new Decision(kind, type, id, false, null, StateAction.DELETE, digits, result);
    }

    /** UTC ISO-8601 with {@code Z}, to the second. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
