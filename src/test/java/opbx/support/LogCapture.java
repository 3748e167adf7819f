package opbx.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the app logs while some calls run: slf4j-simple writes to the standard streams, so both are teed into a buffer
 * for the duration (and echoed afterwards, so the test's output keeps them). For "no secret in the logs" checks.
 */
public final class LogCapture {

    private LogCapture() {
    }

    public static String during(Runnable calls) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        try {
            calls.run();
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        originalErr.print(logs);
        return logs;
    }
}
