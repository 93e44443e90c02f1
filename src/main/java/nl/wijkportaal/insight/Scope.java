package nl.wijkportaal.insight;

import java.util.List;
import java.util.Optional;

/**
 * Whose items the figures cover: the wijkteams the viewer may steer ({@code null}: all, for a
 * beheerder or the municipality's BI client) narrowed to one chosen wijkteam, and whether the
 * viewer may open the inbox behind a figure.
 */
public record Scope(List<String> allowed, Optional<String> chosen, boolean inboxLinks) {

  public Scope {
    allowed = allowed == null ? null : List.copyOf(allowed);
  }

  /** The wijkteams to count, for SQL ({@code null}: every item, also those without a wijkteam). */
  public String[] wijken() {
    if (chosen.isPresent()) {
      return new String[] {chosen.get()};
    }
    return allowed == null ? null : allowed.toArray(String[]::new);
  }

  /** Whether the viewer may choose this wijkteam. */
  public boolean mayChoose(String wijk) {
    return allowed == null || allowed.contains(wijk);
  }

  public Scope choose(String wijk) {
    return new Scope(allowed, Optional.ofNullable(wijk), inboxLinks);
  }
}
