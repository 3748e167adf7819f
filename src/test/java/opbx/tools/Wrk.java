package opbx.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk}, the closed-loop load generator of {@code make bench}: a process of its own, written in C, far faster
 * than the server it drives on the same machine. A run's throughput and latency percentiles as wrk prints them
 * ({@code --latency}).
 */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), "
            + "timeout ([0-9]+)");

    /** One run: requests per second, requests, errors (non-2xx and socket), latency percentiles in microseconds. */
    record Run(double rate, long requests, long errors, long p50Micros, long p99Micros) {

        String summary() {
            return String.format(Locale.ROOT, "%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors", rate, p50Micros / 1000.0,
                    p99Micros / 1000.0, errors);
        }
    }

    private Wrk() {
    }

    static boolean installed() {
        try {
            Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code wrk -t2 -c<connections> -d<seconds>s --latency [-s script] url}, with {@code env} for the script. */
    static Run run(String url, int connections, int seconds, Path script, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency"));
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + out);
        }
        return parse(out);
    }

    static Run parse(String out) throws IOException {
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (!rate.find() || !total.find()) {
            throw new IOException("unexpected wrk output: " + out);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = ERRORS.matcher(out);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new Run(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)), errors,
                percentile(out, "50%"), percentile(out, "99%"));
    }

    /** A line of wrk's latency distribution, e.g. {@code 99%    1.23ms}, in microseconds. */
    private static long percentile(String out, String label) throws IOException {
        Matcher line = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!line.find()) {
            throw new IOException("no " + label + " latency in wrk's output: " + out);
        }
        double value = Double.parseDouble(line.group(1));
        return Math.round(switch (line.group(2)) {
            case "us" -> value;
            case "ms" -> value * 1000;
            default -> value * 1_000_000;
        });
    }
}
