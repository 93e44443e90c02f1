package nl.wijkportaal.identity;

import java.util.Arrays;
import java.util.Optional;

/** What an account may do. Partner staff are melders; the other roles belong to the SWT. */
public enum Role {
  MELDER("melder", false),
  TRIAGE("triage", true),
  CHAT("chat", true),
  TEAMLEIDER("teamleider", true),
  REDACTEUR("redacteur", true),
  BEHEERDER("beheerder", true);

  private final String code;
  private final boolean swt;

  Role(String code, boolean swt) {
    this.code = code;
    this.swt = swt;
  }

  public String code() {
    return code;
  }

  /** Whether only accounts of the SWT itself may hold this role. */
  public boolean swtOnly() {
    return swt;
  }

  public static Optional<Role> of(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
