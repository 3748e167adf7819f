package opbx.tools;

import io.javalin.Javalin;

/**
 * The cold-start baseline of {@code make bench}: the smallest Javalin server there is, on the same JVM and classpath
 * as OpBX, answering {@code GET /} with {@code ok}. Started as its own process, timed to its first answer.
 */
public final class HelloJavalin {

    private HelloJavalin() {
    }

    public static void main(String[] args) {
        Javalin.create(config -> config.routes.get("/", ctx -> ctx.result("ok"))).start(Integer.parseInt(args[0]));
    }
}
