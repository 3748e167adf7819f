package opbx.voice.model;

/** One outbound whitelist row (all of an organisation's rows are cached together as {@code opbx:{o}:obwl}). */
public record WhitelistRow(long id, String destinationCountry, String destinationPrefix, String trunkName) {
}
