package opbx.voice;

import java.util.List;
import java.util.Locale;
import opbx.voice.model.ExtensionInfo;
import opbx.voice.model.RingGroupInfo;

/**
 * The ring-group arithmetic of execution-plane spec §4, as pure functions: which members an attempt dials, the Dial
 * document with its callback URL, and what a callback decides. The caller reads the group, its dialable members (§4.1:
 * active user extensions, by priority then member id) and the round-robin pointer, and writes the pointer back; per-call
 * state travels only in the callback URL (§4.5), so nothing here remembers anything.
 */
public final class RingGroupPlan {

    static final int DEFAULT_TIMEOUT = 30;
    static final String CALLBACK_PATH = "/api/callbacks/voice/ring-group-callback";
    /** The hangup fallback of §4.6, also the answer when a fallback target is missing, unknown or inactive. */
    public static final String NO_AGENTS = "No agents available. Goodbye.";

    private RingGroupPlan() {
    }

    /** §4.2-§4.4; anything else (the control plane refuses it) rings like the default, {@code simultaneous}. */
    public enum Strategy {
        SIMULTANEOUS, SEQUENTIAL, ROUND_ROBIN;

        public static Strategy of(String value) {
            if ("sequential".equals(value)) {
                return SEQUENTIAL;
            }
            return "round_robin".equals(value) ? ROUND_ROBIN : SIMULTANEOUS;
        }
    }

    /** What a dial outcome means (§4.5 step 3). */
    public enum Outcome { ANSWERED, FAILED }

    public enum Kind {
        /** Answer {@link Step#document()}; for round robin, set the pointer to {@link Step#dialledExtensionId()}. */
        DIAL,
        /** No members, or attempts exhausted: follow the group's fallback (§4.6, {@link #fallback(RingGroupInfo)}). */
        FALLBACK,
        /** A member took the call: answer HANGUP. */
        HANGUP
    }

    /**
     * One decision. {@code document}, {@code attempt} and {@code dialledExtensionId} are set for {@link Kind#DIAL} only;
     * {@code dialledExtensionId} is null for simultaneous groups, which dial everybody.
     */
    public record Step(Kind kind, Cxml document, int attempt, Long dialledExtensionId, boolean roundRobin) {

        static final Step FALLBACK = new Step(Kind.FALLBACK, null, 0, null, false);
        static final Step HANGUP = new Step(Kind.HANGUP, null, 0, null, false);

        /** The extension id to store in {@code opbx:{o}:rg:{id}:rr} (§4.4), or null when this step moves no pointer. */
        public Long roundRobinPointer() {
            return kind == Kind.DIAL && roundRobin ? dialledExtensionId : null;
        }
    }

    /** Where the fallback leads: a resolver kind and id, or the hangup fallback when {@code kind} is {@code hangup}. */
    public record FallbackTarget(String kind, Long id) {

        static final FallbackTarget HANGUP = new FallbackTarget("hangup", null);

        /** True when the answer is ERR("No agents available. Goodbye.") without following anything. */
        public boolean hangup() {
            return "hangup".equals(kind);
        }
    }

    /** {@code T}: the group's timeout, 30 when null. */
    public static int timeout(RingGroupInfo group) {
        return group.timeout() == null ? DEFAULT_TIMEOUT : group.timeout();
    }

    /** {@code R = max(1, ring_turns)}. */
    public static int turns(RingGroupInfo group) {
        return group.ringTurns() == null ? 1 : Math.max(1, group.ringTurns());
    }

    /** How many attempts a call may make: {@code R} when simultaneous, {@code n x R} otherwise. */
    public static int maxAttempts(RingGroupInfo group, int memberCount) {
        int turns = turns(group);
        return Strategy.of(group.strategy()) == Strategy.SIMULTANEOUS ? turns : memberCount * turns;
    }

    /**
     * The round-robin start {@code k} of §4.4: one past the member the pointer names, 0 when there is no pointer (or no
     * Redis) or the member has left the list.
     */
    public static int roundRobinOffset(List<ExtensionInfo> members, Long pointerExtensionId) {
        if (pointerExtensionId == null) {
            return 0;
        }
        for (int p = 0; p < members.size(); p++) {
            if (members.get(p).id() == pointerExtensionId) {
                return (p + 1) % members.size();
            }
        }
        return 0;
    }

    /** The first call of a group (attempt 1), including a group reached by a fallback (§4.6). */
    public static Step entry(RingGroupInfo group, List<ExtensionInfo> members, String base, int hops, int rrOffset) {
        return dial(group, members, base, hops, 1, rrOffset);
    }

    /**
     * The Dial of attempt {@code attempt} (1-based, as in the callback URL), or {@link Kind#FALLBACK} when the group has
     * no dialable member or the attempt is beyond {@link #maxAttempts}.
     */
    public static Step dial(RingGroupInfo group, List<ExtensionInfo> members, String base, int hops, int attempt,
                            int rrOffset) {
        int a = Math.max(1, attempt);
        if (members.isEmpty() || a > maxAttempts(group, members.size())) {
            return Step.FALLBACK;
        }
        Strategy strategy = Strategy.of(group.strategy());
        String action = trimBase(base) + CALLBACK_PATH + "?ring_group_id=" + group.id() + "&attempt_number=" + a
                + "&hops=" + hops + (strategy == Strategy.ROUND_ROBIN ? "&rr_offset=" + rrOffset : "");
        Cxml dial = Cxml.element("Dial").attr("timeout", timeout(group)).attr("action", action);
        ExtensionInfo dialled = dialled(group, members, a, rrOffset);
        if (dialled == null) {
            members.forEach(member -> dial.child(number(member)));
        } else {
            dial.child(number(dialled));
        }
        return new Step(Kind.DIAL, Cxml.response(dial), a, dialled == null ? null : dialled.id(),
                strategy == Strategy.ROUND_ROBIN);
    }

    /**
     * The member attempt {@code attempt} (1-based) rings alone: {@code members[(a-1) mod n]} for sequential groups,
     * {@code members[(k + a-1) mod n]} for round robin; null for simultaneous groups or when there are no members.
     */
    public static ExtensionInfo dialled(RingGroupInfo group, List<ExtensionInfo> members, int attempt, int rrOffset) {
        Strategy strategy = Strategy.of(group.strategy());
        if (strategy == Strategy.SIMULTANEOUS || members.isEmpty()) {
            return null;
        }
        int zeroBased = Math.max(1, attempt) - 1;
        int start = strategy == Strategy.ROUND_ROBIN ? rrOffset : 0;
        return members.get(Math.floorMod((long) start + zeroBased, members.size()));
    }

    /**
     * The callback of §4.5 once the group is found and active: {@code attemptsMade} is {@code a} (1 when the request
     * carries none), {@code rawOutcome} the first present of {@code DialCallStatus}, {@code DialStatus},
     * {@code CallStatus} (null when none is). Answered: HANGUP; else the next attempt, or the fallback when exhausted.
     */
    public static Step callback(RingGroupInfo group, List<ExtensionInfo> members, String base, int hops, int attemptsMade,
                                int rrOffset, String rawOutcome) {
        if (outcome(rawOutcome) == Outcome.ANSWERED) {
            return Step.HANGUP;
        }
        int a = Math.max(0, attemptsMade);
        if (members.isEmpty() || a >= maxAttempts(group, members.size())) {
            return Step.FALLBACK;
        }
        return dial(group, members, base, hops, a + 1, rrOffset);
    }

    /** The first of the values that is present (non-blank), as §4.5 reads the dial outcome; null when none is. */
    public static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** Lower-cased, trimmed, {@code _} and spaces turned into {@code -}; null when absent. */
    public static String normalizeOutcome(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    /** {@code answered}, {@code completed} and {@code in-progress} mean a member took the call; anything else failed. */
    public static Outcome outcome(String raw) {
        String normalized = normalizeOutcome(raw);
        if (normalized == null) {
            return Outcome.FAILED;
        }
        return switch (normalized) {
            case "answered", "completed", "in-progress" -> Outcome.ANSWERED;
            default -> Outcome.FAILED;
        };
    }

    /**
     * §4.6: the reference the fallback follows (one hop, resolver context "ring-group fallback"), or the hangup fallback
     * for {@code hangup}, null, an unknown action or a missing id.
     */
    public static FallbackTarget fallback(RingGroupInfo group) {
        String action = group.fallbackAction();
        if (action == null) {
            return FallbackTarget.HANGUP;
        }
        Long id = switch (action) {
            case "extension" -> group.fallbackExtensionId();
            case "ring_group" -> group.fallbackRingGroupId();
            case "ivr_menu" -> group.fallbackIvrMenuId();
            case "ai_assistant" -> group.fallbackAiAssistantId();
            default -> null;
        };
        return id == null ? FallbackTarget.HANGUP : new FallbackTarget(action, id);
    }

    private static Cxml number(ExtensionInfo member) {
        return Cxml.element("Number").text(member.number());
    }

    static String trimBase(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
