package opbx.extensions;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Generated SIP passwords (control-plane spec §3.2): three distinct capitalised words from a fixed list joined by
 * single random digits, then one symbol and one digit, e.g. {@code Harbor3Quartz8Willow#4}; outside 16..32
 * characters it is drawn again with one word more or fewer (2..5 words). Never accepted from clients, never logged.
 */
public final class SipPasswords {

    static final List<String> WORDS = List.of(
            "acorn", "amber", "anchor", "apple", "arrow", "aspen", "atlas", "autumn", "badge", "bamboo", "banjo",
            "basil", "beacon", "berry", "birch", "bison", "blossom", "breeze", "brick", "brook", "cabin", "cactus",
            "camel", "candle", "canyon", "carbon", "castle", "cedar", "cello", "chalk", "cherry", "cider", "citrus",
            "clover", "cobalt", "comet", "copper", "coral", "cotton", "crane", "crystal", "daisy", "delta", "desert",
            "dolphin", "dragon", "eagle", "ember", "falcon", "fern", "fiddle", "forest", "fossil", "galaxy", "garden",
            "garnet", "ginger", "glacier", "granite", "harbor", "hazel", "heron", "hollow", "honey", "horizon", "island",
            "ivory", "jasmine", "jigsaw", "juniper", "kayak", "kettle", "kiwi", "lagoon", "lantern", "lemon", "lilac",
            "linen", "lotus", "maple", "marble", "meadow", "melon", "meteor", "mint", "mosaic", "nectar", "nickel",
            "nutmeg", "oasis", "ocean", "olive", "onyx", "orbit", "orchid", "otter", "paddle", "panda", "papaya",
            "parrot", "pebble", "pepper", "pilot", "pine", "planet", "plum", "pollen", "poppy", "prairie", "quartz",
            "quill", "rabbit", "radish", "raven", "reef", "ribbon", "river", "robin", "rocket", "saddle", "saffron",
            "salmon", "sapphire", "scarlet", "shadow", "shell", "sierra", "silver", "sparrow", "spruce", "summit",
            "sunset", "tango", "thistle", "thunder", "tiger", "timber", "topaz", "tulip", "tundra", "turtle", "valley",
            "velvet", "violet", "walnut", "willow", "window", "winter", "yarrow", "zebra", "zephyr", "zinnia");

    private static final String SYMBOLS = "!@#$%&*-+=?";
    private static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 32;

    private final SecureRandom random = new SecureRandom();

    public String generate() {
        int words = 3;
        while (true) {
            String candidate = draw(words);
            if (candidate.length() < MIN_LENGTH) {
                words = Math.min(5, words + 1);
            } else if (candidate.length() > MAX_LENGTH) {
                words = Math.max(2, words - 1);
            } else {
                return candidate;
            }
        }
    }

    private String draw(int count) {
        Set<String> chosen = new HashSet<>();
        StringBuilder password = new StringBuilder();
        while (chosen.size() < count) {
            String word = WORDS.get(random.nextInt(WORDS.size()));
            if (chosen.add(word)) {
                if (password.length() > 0) {
                    password.append(random.nextInt(10));
                }
                password.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return password.append(SYMBOLS.charAt(random.nextInt(SYMBOLS.length()))).append(random.nextInt(10)).toString();
    }
}
