package opbx.whitelist;

import static opbx.db.gen.Tables.OUTBOUND_WHITELISTS;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import opbx.organizations.Organization;
import opbx.organizations.OrganizationRepository;
import opbx.voice.OutboundRoute;
import opbx.voice.model.WhitelistRow;
import org.jooq.DSLContext;

/**
 * The outbound policy as the control plane applies it before a call: the organisation's whitelist and default country,
 * read once, deciding whether a number outside the organisation may be dialled and through which trunk. Routing decides
 * a live call with the same {@link OutboundRoute#route} on its cached rows, so a forward saved here and the call that
 * later follows it get the same answer.
 */
public final class OutboundPolicy {

    /** A strict E.164 number: the only external form a forward takes (control-plane spec §3.2). */
    private static final Pattern STRICT_E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");

    private final OrganizationRepository organizations;

    public OutboundPolicy(OrganizationRepository organizations) {
        this.organizations = organizations;
    }

    /** One organisation's rules. */
    public record Rules(String defaultCountry, List<WhitelistRow> rows) {

        /** The winning whitelist row for {@code number}, or empty when dialling it is not permitted. */
        public Optional<OutboundRoute.Route> route(String number) {
            return OutboundRoute.route(number, defaultCountry, rows);
        }
    }

    public Rules rules(DSLContext dsl, long organizationId) {
        String country = organizations.find(dsl, organizationId).map(Organization::defaultCountry)
                .orElse(Organization.DEFAULT_COUNTRY);
        List<WhitelistRow> rows = dsl.selectFrom(OUTBOUND_WHITELISTS)
                .where(OUTBOUND_WHITELISTS.ORGANIZATION_ID.eq(organizationId))
                .orderBy(OUTBOUND_WHITELISTS.ID)
                .fetch(row -> new WhitelistRow(row.getId(), row.getDestinationCountry(), row.getDestinationPrefix(),
                        row.getOutboundTrunkName()));
        return new Rules(country, rows);
    }

    /** True when a forward target (normalised) is an external number rather than an extension or a SIP URI. */
    public static boolean isExternalNumber(String normalizedTarget) {
        return normalizedTarget != null && STRICT_E164.matcher(normalizedTarget).matches();
    }
}
