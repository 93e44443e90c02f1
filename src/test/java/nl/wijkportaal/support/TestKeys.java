package nl.wijkportaal.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** RSA keys for API tokens in tests, as the PEM a municipality would configure. */
public final class TestKeys {

  private static Path configFile;

  private TestKeys() {}

  /** One signing key (kid {@code test-1}) in a config file for {@code WIJKPORTAAL_CONFIG}. */
  public static synchronized Path configFile() {
    if (configFile == null) {
      configFile = write(new JsonArray().add(key("test-1", shared("test-1"), true)));
    }
    return configFile;
  }

  /**
   * A key pair made once per build and shared by the build's test JVMs (kept under {@code
   * target/test-keys}; the first JVM to ask makes it, under a file lock, the others read it). An
   * RSA key costs a test JVM seconds of CPU with the quick compiler only (no intrinsics for its
   * big-number arithmetic), and every test JVM needed its own (BENCHMARKS.md "Session 9: suite
   * time"). Distinct names give distinct pairs.
   */
  public static synchronized KeyPair shared(String name) {
    Path dir = Path.of("target", "test-keys");
    Path file = dir.resolve(name + ".der");
    try {
      Files.createDirectories(dir);
      try (FileChannel lock =
              FileChannel.open(
                  dir.resolve(name + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock held = lock.lock()) {
        if (Files.exists(file)) {
          return read(Files.readAllBytes(file));
        }
        KeyPair pair = generate();
        Path partial = dir.resolve(name + ".der.partial");
        Files.write(partial, encode(pair));
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return pair;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(KeyPair pair) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] publicKey = pair.getPublic().getEncoded();
      byte[] privateKey = pair.getPrivate().getEncoded();
      out.writeInt(publicKey.length);
      out.write(publicKey);
      out.writeInt(privateKey.length);
      out.write(privateKey);
    }
    return bytes.toByteArray();
  }

  private static KeyPair read(byte[] stored) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      byte[] publicKey = new byte[in.readInt()];
      in.readFully(publicKey);
      byte[] privateKey = new byte[in.readInt()];
      in.readFully(privateKey);
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      return new KeyPair(
          rsa.generatePublic(new X509EncodedKeySpec(publicKey)),
          rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
