package nl.wijkportaal.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small secret kept in a file only its owner may read or write (mode 600): created with that
 * mode, so there is never a moment in which others could read it; a file whose mode was widened
 * later is narrowed again, with a warning.
 */
final class OwnerOnlyFile {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFile.class);
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFile() {}

  static String readOrCreate(Path file, Supplier<String> value) throws IOException {
    if (!Files.exists(file)) {
      // Written beside it and moved into place: a kill mid-write never leaves an empty secret.
      Path written =
          Files.createTempFile(
              file.toAbsolutePath().getParent(),
              file.getFileName().toString(),
              ".new",
              PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(written, value.get() + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(written, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(written);
      }
    } else {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        LOG.warn("{} could be read by others: its mode is now 600 (owner only)", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return text;
  }
}
