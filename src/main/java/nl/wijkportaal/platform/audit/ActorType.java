package nl.wijkportaal.platform.audit;

import java.util.Arrays;

/** The kind of party an audit entry names as its actor, stored by its code. */
public enum ActorType {
  ACCOUNT("account"),
  API_CLIENT("api_client"),
  RESIDENT("resident"),
  SYSTEM("system"),
  ANONYMOUS("anonymous");

  private final String code;

  ActorType(String code) {
    this.code = code;
  }

  /** The value in {@code audit_log.actor_type}; the migration's CHECK lists the same codes. */
  public String code() {
    return code;
  }

  public static ActorType fromCode(String code) {
    return Arrays.stream(values())
        .filter(t -> t.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown actor type: " + code));
  }
}
