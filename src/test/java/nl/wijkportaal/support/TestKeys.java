package nl.wijkportaal.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RSA keys for API tokens in tests, as the PEM a municipality would configure. */
public final class TestKeys {

  private static Path configFile;

  private TestKeys() {}

  /** One signing key (kid {@code test-1}) in a config file for {@code WIJKPORTAAL_CONFIG}. */
  public static synchronized Path configFile() {
    if (configFile == null) {
      configFile = write(new JsonArray().add(key("test-1", generate(), true)));
    }
    return configFile;
  }

  /** A config file with these keys; the first with a private key signs. */
  public static Path write(JsonArray keys) {
    try {
      Path file = Files.createTempFile("wijkportaal-keys", ".json");
      Files.writeString(
          file,
          new JsonObject().put("identity", new JsonObject().put("jwtKeys", keys)).encodePrettily());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject key(String kid, KeyPair pair, boolean withPrivate) {
    JsonObject key =
        new JsonObject()
            .put("kid", kid)
            .put("publicKeyPem", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    if (withPrivate) {
      key.put("privateKeyPem", pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }
    return key;
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
