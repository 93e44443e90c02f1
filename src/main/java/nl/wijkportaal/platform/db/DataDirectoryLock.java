package nl.wijkportaal.platform.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import nl.wijkportaal.platform.config.ConfigException;

/**
 * One node per data directory: a lock on {@code wijkportaal.lock} held while the node runs (the
 * operating system releases it when the process ends, however it ends). The file names the holder's
 * process id for the refusal message.
 */
final class DataDirectoryLock implements AutoCloseable {

  static final String FILE = "wijkportaal.lock";

  private final Path home;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(Path home, FileChannel channel, FileLock lock) {
    this.home = home;
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirectoryLock acquire(Path home) throws IOException {
    Path file = home.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another node in this same JVM (tests)
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      channel.close();
      throw new ConfigException(
          "The data directory "
              + home
              + " is in use by another wijkportaal node"
              + (holder.isEmpty() ? "" : " (process " + holder + ")")
              + ": stop that node first, or give this one its own WIJKPORTAAL_DATA_DIR.");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
        0);
    channel.force(false);
    return new DataDirectoryLock(home, channel, lock);
  }

  Path home() {
    return home;
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      // The process ends soon after; the operating system releases the lock then.
    }
  }
}
