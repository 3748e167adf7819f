package opbx.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import opbx.app.RouteInventory.Route;
import opbx.badinput.Mutations.Case;
import opbx.badinput.WriteRoutes.Plane;
import opbx.badinput.WriteRoutes.Write;
import opbx.support.HttpTestClient;
import opbx.support.HttpTestClient.Response;
import opbx.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Generated bad input on every route of the router (issue 9 item 3; control-plane spec §0.1, §0.2, §0.4, §0.6;
 * execution-plane spec §0.1, §9.1), as the owner of a fresh organisation: malformed bodies on every write route,
 * hostile query values on every list and voice route, junk and traversal in every id. Each answer must be a 4xx
 * naming the problem where the spec names one (or a clean answer where the input may be valid), never a 5xx or a
 * trace, in the plane's content type; a refused write changes nothing in the database. The count of cases tried is
 * printed and is part of every failure message.
 */
class BadInputTest {

    private static final TestApp APP = TestApp.shared();
    private static final BadInputWorld WORLD = new BadInputWorld(APP, "Bad Input Org");
    /** GET routes that read no input: health, the event stream (its token is TokenAttacksTest's), the test routes. */
    private static final Set<String> NOT_INPUT_ROUTES = Set.of("/api/voice/health", "/api/v1/events");
    /** Reads that ask Cloudonix: not lists, and this organisation has no Cloudonix account (a 4xx, 502 or 503). */
    private static final Set<String> CLOUDONIX_READS = Set.of("/api/v1/ivr-menus/voices",
            "/api/v1/settings/cloudonix/outbound-trunks", "/api/v1/extensions/sync/compare");
    /** Recordings are out of scope (control-plane spec §3.16): every download is a 404. */
    private static final String DOWNLOAD = "/api/v1/recordings/download";
    private static final List<String> QUERY_VALUES = List.of("-1", "0", "1e400", "99999999999999999999",
            "%27%20OR%201%3D1%20--", "%3Cx%3E%26amp%3B", "a%00b", "%C3%28", "..%2F..%2Fetc%2Fpasswd",
            "x".repeat(2_000), "%E2%80%AE%F0%9F%98%80");
    private static final List<String> LIST_PARAMETERS = List.of("page", "per_page", "sort", "sort_by", "order", "sort_order",
            "search", "status", "type", "role", "trashed", "from_date", "to_date", "direction", "strategy", "routing_type",
            "from_number", "to_number", "action", "entity_id");
    private static final List<String> VOICE_PARAMETERS = List.of("menu_id", "hops", "ring_group_id", "attempt_number",
            "rr_offset", "conference_room_id", "attempt", "CallSid", "To", "From", "Direction", "Digits", "session_data");
    private static final List<String> ID_VALUES = List.of("../$id", "..%2F$id", "%2e%2e", "%2e%2e%2f$id", "$id%2F..",
            "$id;DROP", "$id%3BDROP%20TABLE%20users", "1;DROP", "-$id", "0", "99999999999999999999", "$id.0", "0x1F",
            "%20$id", "$id%00", "$id%27%20OR%201=1--", "1e3", "$id" + "abc", "+$id", "$id%0A", "%7B$id%7D", "$id%20",
            "%EF%BC%91", "$id/..");

    private static final AtomicInteger TOTAL = new AtomicInteger();

    @AfterAll
    static void report() {
        System.out.println("BadInputTest: " + TOTAL.get() + " bad-input cases tried");
    }

    @Test
    void every_write_route_of_the_router_has_a_valid_body_or_is_known_to_take_none() {
        Map<String, Write> table = WriteRoutes.byKey();
        Set<String> missing = new TreeSet<>();
        for (Route route : routes()) {
            String key = route.method() + " " + route.path();
            boolean write = Set.of("POST", "PUT", "PATCH").contains(route.method());
            if (write && !table.containsKey(key) && !WriteRoutes.NO_BODY.contains(key) && !route.path().contains("/test/")) {
                missing.add(key);
            }
        }
        assertTrue(missing.isEmpty(), "write routes without a valid body in WriteRoutes (add one, or list the route in"
                + " NO_BODY if it takes none): " + missing);
        Set<String> known = routes().stream().map(route -> route.method() + " " + route.path()).collect(Collectors.toSet());
        Set<String> stale = new TreeSet<>(table.keySet());
        stale.removeAll(known);
        assertTrue(stale.isEmpty(), "WriteRoutes names routes the router no longer has: " + stale);
    }

    @Test
    void malformed_bodies_on_every_write_route_are_refused_cleanly_and_change_nothing() throws Exception {
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        for (Write write : WriteRoutes.ALL) {
            // Routes that write the same tables run one after the other, so a table's digest moves only by its own case.
            String group = write.plane() != Plane.CONTROL ? "calls" : write.table() != null ? write.table() : write.key();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).addAll(Mutations.of(write, WORLD.fill(write.body())));
        }
        int cases = groups.values().stream().mapToInt(List::size).sum();
        List<String> problems = run(new ArrayList<>(groups.values()), this::bodyCase);

        TOTAL.addAndGet(cases);
        System.out.println("BadInputTest: " + cases + " malformed bodies on " + WriteRoutes.ALL.size() + " write routes");
        assertNone(problems, cases + " malformed bodies");
    }

    @Test
    void hostile_query_values_on_every_list_and_voice_route_never_fail_the_server() throws Exception {
        Map<String, String> before = WORLD.fingerprints(BadInputWorld.TABLES);
        List<List<Runnable>> work = new ArrayList<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger cases = new AtomicInteger();
        for (Route route : routes()) {
            if (!route.method().equals("GET") || route.path().contains("{") || !takesInput(route.path())) {
                continue;
            }
            boolean voice = Answers.isCxmlRoute(route.path());
            HttpTestClient client = voice ? APP.http().withToken(WORLD.voiceKey) : WORLD.owner;
            List<Runnable> tasks = new ArrayList<>();
            for (String parameter : voice ? VOICE_PARAMETERS : LIST_PARAMETERS) {
                for (String value : QUERY_VALUES) {
                    String path = route.path() + "?" + parameter + "=" + value;
                    tasks.add(() -> {
                        cases.incrementAndGet();
                        Response response = retried(() -> client.get(path));
                        boolean cloudonix = CLOUDONIX_READS.contains(route.path());
                        List<String> found = Answers.clean(route.path(), response, cloudonix ? Set.of(502, 503) : Set.of());
                        if (!voice && !cloudonix && !route.path().equals(DOWNLOAD) && response.status() != 200) {
                            // List queries never fail validation (control-plane spec §0.4).
                            found.add("a list query answered " + response.status());
                        }
                        found.forEach(problem -> problems.add("GET " + shorten(path) + ": " + problem + " " + shorten(response.body())));
                    });
                }
            }
            String tooLong = route.path() + "?search=" + "y".repeat(100_000);
            tasks.add(() -> {
                cases.incrementAndGet();
                Response response = retried(() -> client.get(tooLong));
                List<String> found = Answers.clean(route.path(), response, Set.of(), "application/json");
                if (response.status() != 414 && response.status() != 431 && response.status() != 400) {
                    found.add("a 100k query answered " + response.status());
                }
                found.forEach(problem -> problems.add("GET " + route.path() + "?search=<100k>: " + problem));
            });
            work.add(tasks);
        }
        runTasks(work);

        TOTAL.addAndGet(cases.get());
        System.out.println("BadInputTest: " + cases.get() + " hostile query strings on " + work.size() + " GET routes");
        assertNone(problems, cases.get() + " hostile query strings");
        assertEquals(before, WORLD.fingerprints(BadInputWorld.TABLES), "reads changed rows");
    }

    @Test
    void junk_and_traversal_in_ids_are_refused_and_change_nothing() throws Exception {
        // Its own organisation: a junk id that reached a real row must not spoil the other tests' records.
        BadInputWorld world = new BadInputWorld(APP, "Junk Id Org");
        Map<String, String> before = world.fingerprints(BadInputWorld.TABLES);
        List<List<Runnable>> work = new ArrayList<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger cases = new AtomicInteger();
        for (Route route : routes()) {
            if (!route.path().contains("{") || route.path().contains("/test/")) {
                continue;
            }
            List<Runnable> tasks = new ArrayList<>();
            String id = String.valueOf(world.idFor(route.path()));
            for (String value : ID_VALUES) {
                String path = world.path(route.path(), value.replace("$id", id));
                tasks.add(() -> {
                    cases.incrementAndGet();
                    String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
                    Response response = retried(() -> world.owner.send(route.method(), path, body,
                            body == null ? null : "application/json", Map.of()));
                    Set<Integer> allowed = route.path().startsWith("/api/v1/recordings") ? Set.of(501) : Set.of();
                    List<String> found = Answers.clean(path, response, allowed);
                    if (response.status() < 400) {
                        found.add("accepted a junk id");
                    }
                    found.forEach(problem -> problems.add(route.method() + " " + path + ": " + problem + " "
                            + shorten(response.body())));
                });
            }
            work.add(tasks);
        }
        runTasks(work);

        TOTAL.addAndGet(cases.get());
        System.out.println("BadInputTest: " + cases.get() + " junk ids on " + work.size() + " id routes");
        assertNone(problems, cases.get() + " junk ids");
        assertEquals(before, world.fingerprints(BadInputWorld.TABLES), "a refused id changed rows");
    }

    /** One malformed body: sent, judged, and, when refused, checked against the table it must not have changed. */
    private List<String> bodyCase(Case c, String[] digest) {
        Write write = c.write();
        String path = WORLD.path(write.route(), null) + WORLD.fill(write.query());
        HttpTestClient client = write.plane() == Plane.CONTROL ? WORLD.owner : APP.http().withToken(WORLD.voiceKey);
        Response response = retried(() -> client.sendBytes(write.method(), path, c.body(), c.contentType()));
        List<String> found = Answers.clean(path, response, write.allowed5xx());
        int status = response.status();
        boolean documented = write.allowed5xx().contains(status);
        switch (c.expect()) {
            case FIELD -> {
                if (!documented && (status < 400 || status >= 500)) {
                    found.add("accepted (" + status + "), expected a 4xx naming " + c.field());
                } else if (!documented && write.plane() != Plane.VOICE && (status != 422 || !Answers.namesField(response, c.field()))) {
                    found.add("answered " + status + " without naming " + c.field());
                }
            }
            case STATUS -> {
                if (!documented && status != c.status()) {
                    found.add("answered " + status + ", expected " + c.status());
                }
            }
            case ANY -> {
            }
        }
        String after = digestOf(write);
        if (after != null && status >= 400 && !after.equals(digest[0])) {
            found.add("refused with " + status + " but its table changed");
        }
        digest[0] = after;
        return found.stream().map(problem -> c.describe() + ": " + problem + " -> " + shorten(response.body())).toList();
    }

    private static String digestOf(Write write) {
        if (write.plane() != Plane.CONTROL) {
            return WORLD.fingerprint("session_updates") + WORLD.fingerprint("call_detail_records")
                    + WORLD.fingerprint("call_logs");
        }
        return write.table() == null ? null : WORLD.fingerprint(write.table());
    }

    private interface CaseRunner {
        List<String> run(Case c, String[] digest);
    }

    /** Groups in parallel on a small pool; the cases of one group in order, each seeing the digest the last one left. */
    private static List<String> run(List<List<Case>> groups, CaseRunner runner) throws Exception {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<List<Runnable>> work = new ArrayList<>();
        for (List<Case> group : groups) {
            work.add(List.of(() -> {
                String[] digest = {group.isEmpty() ? null : digestOf(group.get(0).write())};
                for (Case c : group) {
                    problems.addAll(runner.run(c, digest));
                }
            }));
        }
        runTasks(work);
        return problems;
    }

    private static void runTasks(List<List<Runnable>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Runnable> tasks : work) {
                for (Runnable task : tasks) {
                    futures.add(pool.submit(task));
                }
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Jetty closes the connection after answering some malformed requests; a pooled connection the client picked up
     * just before that close reads no bytes. That is the client's race, not an answer: the request is sent again once.
     */
    private static Response retried(Supplier<Response> request) {
        try {
            return request.get();
        } catch (UncheckedIOException e) {
            return request.get();
        }
    }

    /** The data routes; documents and probes outside them (health, metrics, the OpenAPI document) read no input. */
    private static boolean takesInput(String path) {
        return (path.startsWith("/api/v1/") || path.startsWith("/api/voice/") || path.startsWith("/api/callbacks/"))
                && !NOT_INPUT_ROUTES.contains(path) && !path.contains("/test/");
    }

    private static List<Route> routes() {
        return APP.server().routes();
    }

    private static void assertNone(List<String> problems, String tried) {
        String sample = problems.stream().limit(40).collect(Collectors.joining("\n  "));
        assertTrue(problems.isEmpty(), tried + " tried, " + problems.size() + " answered wrongly:\n  " + sample);
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String one = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
