package nl.wijkportaal.catalogue;

import java.time.Instant;

/** One line of an offer's history: the version it made, what was done, when and by whom. */
public record OfferChange(int version, String action, Instant at, String by) {}
