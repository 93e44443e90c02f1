package nl.wijkportaal.platform.config;

/** A setting that makes no sense or is unsafe: the node refuses to start and says why. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
