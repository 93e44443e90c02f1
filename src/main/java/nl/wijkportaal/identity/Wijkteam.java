package nl.wijkportaal.identity;

/** One of the SWT's area teams, such as midden or noord. */
public record Wijkteam(String code, String name) {}
