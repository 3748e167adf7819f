package opbx.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import opbx.http.ClientInfo;
import opbx.http.Fields;
import opbx.organizations.OrganizationService;
import opbx.users.UserRepository;
import org.jooq.DSLContext;

/**
 * Self-service signup (control-plane spec §1.3), only wired when {@code OPBX_SIGNUP_ENABLED=true}: creates the
 * organisation and its owner exactly as {@code create-org} does, then logs the owner in.
 */
public final class SignupService {

    private final DSLContext dsl;
    private final OrganizationService organizations;
    private final UserRepository users;
    private final Passwords passwords;
    private final AuthService auth;

    public SignupService(DSLContext dsl, OrganizationService organizations, UserRepository users, Passwords passwords,
                         AuthService auth) {
        this.dsl = dsl;
        this.organizations = organizations;
        this.users = users;
        this.passwords = passwords;
        this.auth = auth;
    }

    public AuthService.Session signup(ObjectNode body, ClientInfo client) {
        Fields fields = new Fields(body);
        String organizationName = fields.string("organization_name", true, 2, 255);
        String timezone = fields.has("timezone") && !body.path("timezone").asText().isBlank()
                ? fields.timezone("timezone", true) : "UTC";
        String name = fields.string("name", true, 2, 255);
        String email = fields.email("email", true);
        String password = fields.string("password", true, 0, 1024);
        if (password != null && !Passwords.meetsPolicy(password, email)) {
            fields.add("password", Passwords.POLICY_MESSAGE);
        }
        if (email != null && users.emailTaken(dsl, email, null)) {
            fields.add("email", "The email has already been taken.");
        }
        fields.throwIfInvalid();
        organizations.create(new OrganizationService.NewOrganization(organizationName, null, timezone, name, email,
                passwords.hash(password)), "user", client);
        return auth.login(email, password, client);
    }
}
