package opbx.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opbx.Main;
import opbx.config.AppKey;
import opbx.config.DatabaseTarget;
import opbx.config.RedisTarget;

/**
 * The product as its own JVM ({@code opbx.Main serve}, the test JVM's java and classpath) on the test stores, for a
 * test that must see the server's process from outside, e.g. its heap under {@code -Xmx}. Standard output and error
 * are read as they come; the port is the one the server logs, so it binds port 0 and never races for one.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("OpBX listening on port (\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "server-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the server with the given JVM options; returns once it answers {@code GET /api/health} with 200. */
    public static ServerProcess start(List<String> jvmOptions, DatabaseTarget database, RedisTarget redis) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("serve");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The settings are the ones below: an OPBX_* variable of the developer's shell must not change the server.
        builder.environment().keySet().removeIf(name -> name.startsWith("OPBX_"));
        builder.environment().putAll(environment(database, redis));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ServerProcess server = new ServerProcess(process);
        try {
            server.awaitHealthy();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private static Map<String, String> environment(DatabaseTarget database, RedisTarget redis) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestApp.jdbcUrlWithCredentials(database));
        env.put("REDIS_URL", TestApp.redisUrl(redis));
        env.put("PORT", "0");
        env.put("OPBX_APP_KEY", AppKey.generate().toBase64());
        env.put("OPBX_DATA_DIR", Path.of("target", "test-data", "server-process").toAbsolutePath().toString());
        env.put("OPBX_DEMO_BOOTSTRAP", "false");
        env.put("OPBX_DB_POOL_SIZE", "4");
        // Info, for the line that names the port.
        env.put("OPBX_LOG_LEVEL", "info");
        env.put("OPBX_BCRYPT_COST", "4");
        env.put("OPBX_RATE_LIMIT_LOGIN_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_LOGIN_EMAIL_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_SENSITIVE_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_API_PER_MIN", "1000000");
        env.put("OPBX_RATE_LIMIT_AUTHFAIL_PER_MIN", "1000000");
        return env;
    }

    private void awaitHealthy() {
        int listening;
        try {
            listening = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server logged no port within " + START_TIMEOUT + ":\n" + output());
        } catch (ExecutionException e) {
            throw new AssertionError("the server ended before it listened (exit " + exitCode() + "):\n" + output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        HttpTestClient http = new HttpTestClient(baseUrl(listening));
        // Listening comes after wiring, so the first answer is normally 200; a few tries cover a slow first check.
        for (int attempt = 1; attempt <= 20; attempt++) {
            try {
                if (http.get("/api/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // Not answering yet: try again.
            }
            pause(Duration.ofMillis(250));
        }
        throw new AssertionError("GET /api/health never answered 200:\n" + output());
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            // The process was destroyed: what was read is what there is.
        }
        port.completeExceptionally(new IllegalStateException("output ended"));
    }

    public HttpTestClient http() {
        return new HttpTestClient(baseUrl());
    }

    public String baseUrl() {
        return baseUrl(port.join());
    }

    private static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the server printed so far, standard output and error interleaved. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /**
     * The output once the process has ended or a few seconds have passed: after a broken connection, the line that
     * says why (e.g. {@code Terminating due to java.lang.OutOfMemoryError}) may still be on its way.
     */
    public String outputAfterExit() {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                reader.join(Duration.ofSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "(exit " + exitCode() + ")\n" + output();
    }

    private String exitCode() {
        return process.isAlive() ? "none yet" : String.valueOf(process.exitValue());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
