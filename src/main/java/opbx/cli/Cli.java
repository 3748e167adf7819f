package opbx.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import opbx.app.OpbxServer;
import opbx.app.Services;
import opbx.audit.AuditEvent;
import opbx.audit.Changes;
import opbx.auth.Passwords;
import opbx.cache.RoutingKeys;
import opbx.config.Config;
import opbx.http.Fields;
import opbx.organizations.Organization;
import opbx.organizations.OrganizationService;
import opbx.secrets.Reencryption;
import opbx.users.User;
import org.jooq.DSLContext;

/**
 * The administrative commands of the jar (control-plane spec §2.4). Each opens the stores (migrating first), does
 * one thing in one transaction, audits it with actor type {@code cli}, and prints what an operator needs.
 */
public final class Cli {

    /** The commands this class runs; {@code serve}, {@code migrate} and {@code help} are {@code Main}'s. */
    public static final Set<String> COMMANDS = Set.of(
            "create-org", "reset-password", "set-org-status", "set-org-limits", "list-orgs", "reencrypt-secrets");

    private final Config config;
    private final BufferedReader stdin;
    private final PrintStream out;

    public Cli(Config config, BufferedReader stdin, PrintStream out) {
        this.config = config;
        this.stdin = stdin;
        this.out = out;
    }

    /** Runs {@code command}, whose options are the ones its help in {@link Commands} lists. */
    public void run(String command, List<String> args) {
        Commands.Command known = Commands.find(command).filter(c -> COMMANDS.contains(c.name()))
                .orElseThrow(() -> CliException.usage("unknown command '" + command + "'"));
        Options options = Options.parse(args, known.valueOptions(), known.flags());
        switch (command) {
            case "create-org" -> createOrg(options);
            case "reset-password" -> resetPassword(options);
            case "set-org-status" -> setOrgStatus(options);
            case "set-org-limits" -> setOrgLimits(options);
            case "list-orgs" -> listOrgs(options);
            case "reencrypt-secrets" -> reencrypt(options);
            default -> throw new IllegalStateException("a command in COMMANDS without a case: " + command);
        }
    }

    private void createOrg(Options options) {
        ObjectNode input = new ObjectMapper().createObjectNode()
                .put("name", options.required("name"))
                .put("email", options.required("owner-email"))
                .put("timezone", options.optional("timezone") == null ? "UTC" : options.optional("timezone"));
        Fields fields = new Fields(input);
        String name = fields.string("name", true, 2, 255);
        String email = fields.email("email", true);
        String timezone = fields.timezone("timezone", true);
        requireValid(fields);
        String slug = options.optional("slug");
        if (slug != null && !slug.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw CliException.invalid("slug", "use lower-case letters, digits and single dashes");
        }
        String ownerName = options.optional("owner-name") != null ? options.optional("owner-name") : email.split("@")[0];
        String password = options.flag("owner-password-stdin") ? passwordFromStdin(email) : null;
        try (OpbxServer.Offline offline = OpbxServer.offline(config)) {
            Services services = offline.services();
            if (services.users().emailTaken(offline.dsl(), email, null)) {
                throw CliException.invalid("email", "The email has already been taken.");
            }
            if (slug != null && services.organizations().slugTaken(offline.dsl(), slug)) {
                throw CliException.invalid("slug", "The slug has already been taken.");
            }
            boolean generated = password == null;
            String plain = generated ? services.passwords().generate(16) : password;
            OrganizationService.Created created = services.organizationService().create(
                    new OrganizationService.NewOrganization(name, slug, timezone, ownerName, email,
                            services.passwords().hash(plain)), "cli", null);
            out.println("Organization created: id " + created.organizationId() + ", slug " + created.slug()
                    + ", owner " + email);
            if (generated) {
                out.println("Owner password (shown once): " + plain);
            }
        }
    }

    private void resetPassword(Options options) {
        String email = options.required("email").toLowerCase(java.util.Locale.ROOT);
        String password = options.flag("password-stdin") ? passwordFromStdin(email) : null;
        try (OpbxServer.Offline offline = OpbxServer.offline(config)) {
            Services services = offline.services();
            User user = services.users().findByEmailForLogin(offline.dsl(), email)
                    .orElseThrow(() -> CliException.invalid("email", "no user has this e-mail address"));
            String plain = password != null ? password : services.passwords().generate(16);
            String hash = services.passwords().hash(plain);
            offline.dsl().transaction(trx -> {
                services.users().updatePassword(trx.dsl(), user.organizationId(), user.id(), hash);
                services.tokens().deleteAllOfUser(trx.dsl(), user.organizationId(), user.id());
                services.audit().record(trx.dsl(), new AuditEvent(user.organizationId(), AuditEvent.Actor.cli(),
                        "user.password_set", "user", String.valueOf(user.id()), user.email(),
                        new Changes().secret("password").toMap(), null));
            });
            out.println("Password reset for " + email + "; all of the user's sessions were ended.");
            if (password == null) {
                out.println("New password (shown once): " + plain);
            }
        }
    }

    private void setOrgStatus(Options options) {
        String status = options.required("status");
        if (!Set.of("active", "suspended", "deleted").contains(status)) {
            throw CliException.invalid("status", "use active, suspended or deleted");
        }
        try (OpbxServer.Offline offline = OpbxServer.offline(config)) {
            Services services = offline.services();
            Organization organization = organization(offline, options.required("org"));
            offline.dsl().transaction(trx -> {
                services.organizations().updateStatus(trx.dsl(), organization.id(), status);
                if (!status.equals("active")) {
                    services.tokens().deleteAllOfOrganization(trx.dsl(), organization.id());
                }
                services.audit().record(trx.dsl(), new AuditEvent(organization.id(), AuditEvent.Actor.cli(),
                        "organization.status_changed", "organization", String.valueOf(organization.id()),
                        organization.name(), new Changes().field("status", organization.status(), status).toMap(), null));
            });
            services.cache().afterCommit(RoutingKeys.organization(organization.id()));
            if (status.equals("deleted")) {
                // Its calls are refused from now on; nothing of it stays in Redis.
                services.cache().forgetOrganization(organization.id());
            }
            out.println("Organization " + organization.slug() + " is now " + status + ".");
        }
    }

    private void setOrgLimits(Options options) {
        Integer voice = limit(options, "voice");
        Integer webhook = limit(options, "webhook");
        if (voice == null && webhook == null) {
            throw CliException.usage("give --voice N and/or --webhook N");
        }
        try (OpbxServer.Offline offline = OpbxServer.offline(config)) {
            Services services = offline.services();
            Organization organization = organization(offline, options.required("org"));
            offline.dsl().transaction(trx -> {
                services.organizations().updateRateLimits(trx.dsl(), organization.id(), voice, webhook);
                Changes changes = new Changes();
                if (voice != null) {
                    changes.field("rate_limits.voice", null, voice);
                }
                if (webhook != null) {
                    changes.field("rate_limits.webhook", null, webhook);
                }
                services.audit().record(trx.dsl(), new AuditEvent(organization.id(), AuditEvent.Actor.cli(),
                        "organization.updated", "organization", String.valueOf(organization.id()), organization.name(),
                        changes.toMap(), null));
            });
            services.cache().afterCommit(RoutingKeys.organization(organization.id()));
            out.println("Rate limits of " + organization.slug() + " updated.");
        }
    }

    private void listOrgs(Options options) {
        try (OpbxServer.Offline offline = OpbxServer.offline(config)) {
            out.printf("%-6s %-24s %-10s %-20s %s%n", "ID", "SLUG", "STATUS", "TIMEZONE", "NAME");
            for (Organization organization : offline.services().organizations().list(offline.dsl())) {
                out.printf("%-6d %-24s %-10s %-20s %s%n", organization.id(), organization.slug(), organization.status(),
                        organization.timezone(), organization.name());
            }
        }
    }

    private void reencrypt(Options options) {
        try (OpbxServer.Offline offline = OpbxServer.offline(config)) {
            int rewritten = Reencryption.run(offline.dsl(), offline.secrets());
            out.println("Re-encrypted " + rewritten + " secret(s) under the current OPBX_APP_KEY.");
        }
    }

    private static Organization organization(OpbxServer.Offline offline, String idOrSlug) {
        DSLContext dsl = offline.dsl();
        var organizations = offline.services().organizations();
        var found = idOrSlug.matches("[0-9]{1,18}")
                ? organizations.find(dsl, Long.parseLong(idOrSlug))
                : organizations.findBySlug(dsl, idOrSlug);
        return found.orElseThrow(() -> CliException.invalid("org", "no organization with id or slug '" + idOrSlug + "'"));
    }

    private static Integer limit(Options options, String name) {
        String value = options.optional(name);
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,7}")) {
            throw CliException.invalid(name, "a whole number of requests per minute (0 = no limit)");
        }
        return Integer.parseInt(value);
    }

    private String passwordFromStdin(String email) {
        String password;
        try {
            password = stdin.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (password == null || !Passwords.meetsPolicy(password.strip(), email)) {
            throw CliException.invalid("password", Passwords.POLICY_MESSAGE);
        }
        return password.strip();
    }

    private static void requireValid(Fields fields) {
        try {
            fields.throwIfInvalid();
        } catch (opbx.http.ValidationException e) {
            Map.Entry<String, List<String>> first = e.errors().entrySet().iterator().next();
            throw CliException.invalid(first.getKey(), first.getValue().get(0));
        }
    }
}
