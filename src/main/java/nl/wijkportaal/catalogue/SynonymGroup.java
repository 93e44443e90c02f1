package nl.wijkportaal.catalogue;

import java.util.List;
import java.util.UUID;

/** Words an editor said mean the same in the residents' search. */
public record SynonymGroup(UUID id, List<String> terms) {}
