package nl.wijkportaal.inbox;

import java.time.Instant;

/** Information the resident ({@code bewoner}) or the melder added after submitting. */
public record Addition(Instant addedAt, String door, String tekst) {}
