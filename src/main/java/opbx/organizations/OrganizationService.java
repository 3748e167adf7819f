package opbx.organizations;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import opbx.access.Role;
import opbx.audit.AuditEvent;
import opbx.audit.AuditLog;
import opbx.audit.Changes;
import opbx.http.ClientInfo;
import opbx.users.UserRepository;
import org.jooq.DSLContext;

/**
 * Creates organisations with their owner in one transaction (control-plane spec §2.4), for the CLI, the embedded
 * demo bootstrap and self-signup alike. Inputs are validated by the caller.
 */
public final class OrganizationService {

    private final DSLContext dsl;
    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final AuditLog audit;

    public OrganizationService(DSLContext dsl, OrganizationRepository organizations, UserRepository users, AuditLog audit) {
        this.dsl = dsl;
        this.organizations = organizations;
        this.users = users;
        this.audit = audit;
    }

    /** What the new organisation needs; {@code slug} null = derived from the name. */
    public record NewOrganization(String name, String slug, String timezone, String ownerName, String ownerEmail,
                                  String ownerPasswordHash) {
    }

    public record Created(long organizationId, String slug, long ownerId) {
    }

    /** @param actorType {@code cli}, {@code system} (demo bootstrap) or {@code user} (signup: the new owner) */
    public Created create(NewOrganization request, String actorType, ClientInfo client) {
        return dsl.transactionResult(trx -> {
            DSLContext tx = trx.dsl();
            String slug = uniqueSlug(tx, request.slug() != null ? request.slug() : request.name());
            long organizationId = organizations.insert(tx, request.name(), slug, request.timezone());
            long ownerId = users.insert(tx, organizationId, new UserRepository.Values(request.ownerName(),
                    request.ownerEmail(), Role.OWNER, "active", null, null, null, null, null, null), request.ownerPasswordHash());
            AuditEvent.Actor actor = actorType.equals("user")
                    ? new AuditEvent.Actor("user", ownerId, request.ownerEmail(), Role.OWNER.wire())
                    : new AuditEvent.Actor(actorType, null, null, null);
            Map<String, Object> organization = new LinkedHashMap<>();
            organization.put("name", request.name());
            organization.put("slug", slug);
            organization.put("timezone", request.timezone());
            audit.record(tx, new AuditEvent(organizationId, actor, "organization.created", "organization",
                    String.valueOf(organizationId), request.name(), Changes.created(organization), client));
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("name", request.ownerName());
            owner.put("email", request.ownerEmail());
            owner.put("role", Role.OWNER.wire());
            owner.put("status", "active");
            audit.record(tx, new AuditEvent(organizationId, actor, "user.created", "user", String.valueOf(ownerId),
                    request.ownerEmail(), Changes.created(owner), client));
            return new Created(organizationId, slug, ownerId);
        });
    }

    /** Lower-case ASCII, non-alphanumerics collapsed to '-', then -2, -3... on collision. */
    private String uniqueSlug(DSLContext tx, String source) {
        String base = slugify(source);
        String slug = base;
        for (int n = 2; organizations.slugTaken(tx, slug); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    static String slugify(String source) {
        String ascii = Normalizer.normalize(source, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "org" : slug.length() > 60 ? slug.substring(0, 60).replaceAll("-+$", "") : slug;
    }
}
