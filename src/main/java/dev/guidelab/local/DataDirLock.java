package dev.guidelab.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Guidelab process per data directory: a lock on {@code <data-dir>/guidelab.lock}, held while
 * the process runs, with its PID written in the file for the message a second process gets.
 *
 * <p>The kernel releases the lock when the process ends, however it ends ({@code kill -9}
 * included), so a process that holds it knows that no live Guidelab owns the directory: whatever
 * still runs from it (a postmaster, see {@link StalePostmaster}) was left by one that is gone, and
 * may be stopped.
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE = "guidelab.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dataDir}, creating the directory if needed.
   *
   * @throws IllegalStateException if another process holds it
   */
  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
        throw new IllegalStateException(
            "the data directory "
                + dataDir.toAbsolutePath()
                + " is in use by another Guidelab process"
                + (owner.isEmpty() ? "" : " (PID " + owner + ")")
                + "; stop it or set guidelab.data-dir to another directory");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(false);
      DataDirLock held = new DataDirLock(channel, lock);
      channel = null;
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    } finally {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // nothing was locked through it
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + FILE, e);
    }
  }
}
