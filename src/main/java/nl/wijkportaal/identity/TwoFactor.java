package nl.wijkportaal.identity;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.util.Utils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import javax.imageio.ImageIO;

/**
 * TOTP (RFC 6238, 30 s steps, 6 digits, SHA-1 as every authenticator app supports) on the injected
 * clock, with one step of skew either way. It tells which time step a code belongs to, so the
 * caller can refuse a step that was already used (replay).
 */
public final class TwoFactor {

  public static final int PERIOD_SECONDS = 30;
  private static final int SKEW_STEPS = 1;
  private static final int RECOVERY_CODES = 10;

  static {
    // ImageIO otherwise buffers every PNG it writes in a temporary file; a QR code is small.
    ImageIO.setUseCache(false);
  }

  private final CodeGenerator generator = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);
  private final Clock clock;
  private final String issuer;

  public TwoFactor(Clock clock, String issuer) {
    this.clock = clock;
    this.issuer = issuer;
  }

  public String newSecret() {
    return new DefaultSecretGenerator(32).generate();
  }

  /** The time step the code matches, within the skew window; empty when it matches none. */
  public OptionalLong matchingStep(String secret, String code) {
    String given = code == null ? "" : code.replaceAll("\\s", "");
    if (!given.matches("\\d{6}")) {
      return OptionalLong.empty();
    }
    long now = clock.instant().getEpochSecond() / PERIOD_SECONDS;
    for (long step = now - SKEW_STEPS; step <= now + SKEW_STEPS; step++) {
      try {
        String expected = generator.generate(secret, step);
        if (MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            given.getBytes(StandardCharsets.US_ASCII))) {
          return OptionalLong.of(step);
        }
      } catch (CodeGenerationException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  /** The code for the current step: for tests and the demo, never shown to a user. */
  public String currentCode(String secret) {
    try {
      return generator.generate(secret, clock.instant().getEpochSecond() / PERIOD_SECONDS);
    } catch (CodeGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A PNG data URI of the otpauth:// QR code that an authenticator app scans. Blocking: call it on
   * a worker thread.
   */
  public String qrDataUri(String secret, String accountEmail) {
    QrData data =
        new QrData.Builder()
            .label(accountEmail)
            .secret(secret)
            .issuer(issuer)
            .algorithm(HashingAlgorithm.SHA1)
            .digits(6)
            .period(PERIOD_SECONDS)
            .build();
    try {
      ZxingPngQrGenerator png = new ZxingPngQrGenerator();
      return Utils.getDataUriForImage(png.generate(data), png.getImageMimeType());
    } catch (QrGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<String> newRecoveryCodes() {
    return List.of(new RecoveryCodeGenerator().generateCodes(RECOVERY_CODES));
  }

  /** Recovery codes are compared without dashes, spaces or case. */
  public static String normaliseRecoveryCode(String code) {
    return code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
  }

  public static boolean looksLikeRecoveryCode(String code) {
    return normaliseRecoveryCode(code).matches("[a-z0-9]{16}");
  }
}
