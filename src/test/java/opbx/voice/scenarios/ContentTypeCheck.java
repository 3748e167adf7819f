package opbx.voice.scenarios;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * The {@code Content-Type} of every CXML answer is checked exactly, but a mismatch is reported when the test ends
 * rather than at the first answer, so one wrong header does not hide the documents the rest of the scenario checks.
 */
final class ContentTypeCheck implements BeforeEachCallback, AfterEachCallback {

    private static final ThreadLocal<List<String>> MISMATCHES = ThreadLocal.withInitial(ArrayList::new);

    static void record(String mismatch) {
        MISMATCHES.get().add(mismatch);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        MISMATCHES.get().clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> mismatches = new ArrayList<>(MISMATCHES.get());
        MISMATCHES.get().clear();
        if (!mismatches.isEmpty()) {
            throw new AssertionFailedError("Content-Type of " + mismatches.size() + " CXML answer(s) is not \""
                    + Voice.CXML + "\"; first: " + mismatches.get(0), Voice.CXML, mismatches.get(0));
        }
    }
}
