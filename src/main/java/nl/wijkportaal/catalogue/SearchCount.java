package nl.wijkportaal.catalogue;

/** How often residents searched for these words, and how often they found nothing. */
public record SearchCount(String query, long count, long withoutResults) {}
