package opbx.support;

import static opbx.db.gen.Tables.USERS;

import java.util.UUID;
import opbx.access.Role;
import opbx.auth.Passwords;
import org.jooq.DSLContext;

/** Users with a role and a live token, for tests that call the API as someone. */
public final class Identity {

    public static final String PASSWORD = "Secret123";
    private static final Passwords PASSWORDS = new Passwords(4);
    private static final String HASH = PASSWORDS.hash(PASSWORD);

    /** A user of an organisation, logged in through the real login route. */
    public record Member(long organizationId, long userId, String email, Role role, String token, HttpTestClient http) {
    }

    private Identity() {
    }

    /** A fresh organisation with one member of each role, in the order owner, pbx_admin, pbx_user, reporter. */
    public record Team(long organizationId, Member owner, Member admin, Member user, Member reporter) {

        public Member as(Role role) {
            return switch (role) {
                case OWNER -> owner;
                case PBX_ADMIN -> admin;
                case PBX_USER -> user;
                case REPORTER -> reporter;
            };
        }
    }

    public static Team team(TestApp app, String name) {
        long organizationId = new Fixtures(app.dsl()).organization(name);
        return new Team(organizationId,
                member(app, organizationId, Role.OWNER),
                member(app, organizationId, Role.PBX_ADMIN),
                member(app, organizationId, Role.PBX_USER),
                member(app, organizationId, Role.REPORTER));
    }

    public static Member member(TestApp app, long organizationId, Role role) {
        String email = role.wire().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        long userId = insertUser(app.dsl(), organizationId, role, email);
        String token = login(app, email, PASSWORD);
        return new Member(organizationId, userId, email, role, token, app.http().withToken(token));
    }

    public static long insertUser(DSLContext dsl, long organizationId, Role role, String email) {
        return dsl.insertInto(USERS)
                .set(USERS.ORGANIZATION_ID, organizationId)
                .set(USERS.NAME, "Test " + role.wire())
                .set(USERS.EMAIL, email)
                .set(USERS.PASSWORD_HASH, HASH)
                .set(USERS.ROLE, role.wire())
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    public static String login(TestApp app, String email, String password) {
        HttpTestClient.Response response = app.http().postJson("/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + response.status() + " " + response.body());
        }
        return response.json().path("access_token").asText();
    }
}
