package opbx.tools;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop load generator of {@code make bench}, run as its own process (never inside the server's JVM), in the
 * manner of wrk2: {@code connections} keep-alive connections, each sending its share of a fixed total rate on a fixed
 * schedule, and every latency measured from the moment its request was due, not from when it could be sent, so a
 * server that stalls shows in the latencies instead of slowing the generator down (no coordinated omission). Plain
 * blocking sockets and hand-written HTTP/1.1: nothing between the schedule and the wire. A {@code route} target varies
 * {@code From} (half new callers, half 100 repeat callers) and {@code CallSid} on every request.
 *
 * <p>Arguments: {@code port kind(health|route) rate seconds connections [key to]}. Prints one line:
 * {@code sent=N ok=N errors=N p50_us=N p99_us=N}.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean route = args[1].equals("route");
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        String key = args.length > 5 ? args[5] : null;
        String to = args.length > 6 ? args[6] : null;
        int perConnection = rate * seconds / connections;
        long interval = 1_000_000_000L * connections / rate;
        long start = System.nanoTime() + 200_000_000L;
        long[][] latencies = new long[connections][perConnection];
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            long first = start + interval * c / connections;
            Thread thread = new Thread(() -> {
                Socket socket = null;
                for (int i = 0; i < perConnection; i++) {
                    long due = first + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                            socket.setSoTimeout(10_000);
                        }
                        boolean answered = exchange(socket, request(route, key, to, connection, i));
                        (answered ? ok : errors).incrementAndGet();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        close(socket);
                        socket = null;
                    }
                    latencies[connection][i] = (System.nanoTime() - due) / 1000;
                }
                close(socket);
            }, "load-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "sent=%d ok=%d errors=%d p50_us=%d p99_us=%d%n", all.length, ok.get(), errors.get(),
                percentile(all, 0.50), percentile(all, 0.99));
    }

    private static byte[] request(boolean route, String key, String to, int connection, int i) {
        if (!route) {
            return "GET /api/voice/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        // Even requests: a caller never seen before; odd ones: one of 100 repeat callers.
        long caller = i % 2 == 0 ? 2_000_000L + connection * 100_000L + i : 1_000_000L + i % 100;
        String body = "{\"CallSid\":\"open-" + connection + "-" + i + "-" + System.nanoTime() + "\",\"From\":\"+1646" + caller
                + "\",\"To\":\"" + to + "\",\"Direction\":\"inbound\"}";
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        return ("POST /api/voice/route HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the request, reads the whole answer (Content-Length or chunked); true when it is a 200. */
    private static boolean exchange(Socket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 4096);
        String status = line(in);
        int length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                in.readNBytes(size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.readNBytes(length);
        }
        return status.startsWith("HTTP/1.1 200");
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void close(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
