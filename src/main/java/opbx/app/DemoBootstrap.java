package opbx.app;

import java.io.PrintStream;
import opbx.auth.Passwords;
import opbx.organizations.OrganizationRepository;
import opbx.organizations.OrganizationService;
import opbx.secrets.Secrets;
import org.jooq.DSLContext;

/**
 * The first start of the embedded default (control-plane spec §2.4): with no organisation yet, creates "Demo
 * Organization", its owner and a small working call flow, and prints the login and the voice requests key once in a
 * framed banner; neither is written anywhere else in clear.
 */
public final class DemoBootstrap {

    static final String OWNER_EMAIL = "owner@example.com";

    private final DSLContext dsl;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final Passwords passwords;
    private final DemoConfiguration configuration;

    DemoBootstrap(DSLContext dsl, OrganizationRepository organizations, OrganizationService organizationService,
                  Passwords passwords, Secrets secrets) {
        this.dsl = dsl;
        this.configuration = new DemoConfiguration(secrets);
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.passwords = passwords;
    }

    /** Creates the demo organisation when there is none; returns whether it did. */
    public boolean runIfEmpty(PrintStream out) {
        if (organizations.any(dsl)) {
            return false;
        }
        String password = passwords.generate(16);
        OrganizationService.Created created = organizationService.create(new OrganizationService.NewOrganization(
                "Demo Organization", "demo", "UTC", "Demo Owner", OWNER_EMAIL, passwords.hash(password)), "system", null);
        String key = dsl.transactionResult(trx -> configuration.create(trx.dsl(), created.organizationId()));
        String[] lines = {
            "OpBX demo organisation created. Log in with:",
            "  email:    " + OWNER_EMAIL,
            "  password: " + password,
            "Voice routing (Cloudonix's bearer key) for the demo number " + DemoConfiguration.DID + ":",
            "  requests key: " + key,
            "Both are shown once and stored nowhere else in clear.",
        };
        int width = 0;
        for (String line : lines) {
            width = Math.max(width, line.length());
        }
        String rule = "+" + "-".repeat(width + 2) + "+";
        out.println(rule);
        for (String line : lines) {
            out.println("| " + line + " ".repeat(width - line.length()) + " |");
        }
        out.println(rule);
        return true;
    }
}
