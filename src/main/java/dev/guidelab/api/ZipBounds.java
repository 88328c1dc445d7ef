package dev.guidelab.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Bounds on an uploaded zip — an {@code .npz}, a zip of images, a TorchScript {@code .pt} — so a
 * few kilobytes that inflate to gigabytes (a zip bomb) are refused before they inflate:
 *
 * <ul>
 *   <li>from the zip's central directory, before any entry is read: every entry's declared size is
 *       at most {@value #MAX_RATIO} times its compressed size (entries of up to {@value
 *       #RATIO_FREE} bytes excepted: small arrays of zeros compress better), and the declared sizes
 *       add up to at most the caller's total;
 *   <li>while an entry streams ({@link #open}): it may not inflate to more bytes than its declared
 *       size, the size the checks above passed (a zip whose directory lies is cut off there).
 * </ul>
 *
 * Refusals are {@link InvalidRequestException}s on {@code file} saying the limit and what was
 * found.
 */
public final class ZipBounds {

  /** The most an entry may inflate relative to its compressed size. */
  public static final int MAX_RATIO = 100;

  /**
   * Entries declaring at most this many bytes (1 MiB) may compress better than {@link #MAX_RATIO}.
   */
  public static final long RATIO_FREE = 1 << 20;

  /** The most bytes the entries of a TorchScript file may inflate to in all: 1 GiB. */
  public static final long TORCHSCRIPT_MAX_INFLATED = 1L << 30;

  private ZipBounds() {}

  /**
   * Checks every entry's declared sizes in {@code zip}'s central directory against the ratio and
   * their sum against {@code maxTotal}, before anything is inflated.
   *
   * @throws InvalidRequestException on {@code file}
   */
  public static void check(ZipFile zip, long maxTotal) {
    long total = 0;
    for (ZipEntry entry : Collections.list(zip.entries())) {
      long size = entry.getSize();
      long compressed = entry.getCompressedSize();
      if (size < 0 || compressed < 0) {
        throw invalid("entry " + Text.quote(entry.getName()) + " does not declare its size");
      }
      if (size > RATIO_FREE && size > MAX_RATIO * Math.max(compressed, 1)) {
        throw invalid(
            "entry "
                + Text.quote(entry.getName())
                + " declares "
                + size
                + " bytes from "
                + compressed
                + " compressed ("
                + (compressed == 0 ? "no data" : Math.round((double) size / compressed) + "×")
                + "); an entry may inflate to at most "
                + MAX_RATIO
                + "× its compressed size (a zip bomb?)");
      }
      total += size;
      if (total > maxTotal) {
        throw invalid(
            "the entries declare more than "
                + BodyTooLargeException.bytes(maxTotal)
                + " in all; at most that is read from one upload");
      }
    }
  }

  /**
   * {@code entry}'s data, which ends with an {@link IOException} if it inflates to more bytes than
   * the entry declares.
   */
  public static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
    return new Bounded(zip.getInputStream(entry), entry.getName(), entry.getSize());
  }

  /**
   * {@code in} (the data of entry {@code name}), ending with an {@link IOException} after {@code
   * limit} bytes; the stream a zip entry is read through when its directory cannot be trusted.
   */
  public static InputStream limit(InputStream in, String name, long limit) {
    return new Bounded(in, name, limit);
  }

  /**
   * Checks a zip held in memory (a TorchScript file) as {@link #check} does, then inflates each
   * entry once, in a small buffer, to check that it inflates to exactly its declared size: native
   * readers allocate what an entry declares. Bytes that are not a zip are left to the reader that
   * knows what they should be.
   *
   * @throws InvalidRequestException on {@code file}
   */
  public static void checkInMemory(byte[] file, long maxTotal) {
    Path copy = null;
    try {
      copy = Files.createTempFile("guidelab-upload-", ".zip");
      Files.write(copy, file);
      ZipFile zip;
      try {
        zip = new ZipFile(copy.toFile());
      } catch (ZipException notAZip) {
        return;
      }
      try (zip) {
        check(zip, maxTotal);
        byte[] buffer = new byte[1 << 16];
        for (ZipEntry entry : Collections.list(zip.entries())) {
          long inflated = 0;
          try (InputStream in = open(zip, entry)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              inflated += n;
            }
          } catch (TooLarge | ZipException e) {
            throw invalid(e.getMessage());
          }
          if (inflated != entry.getSize()) {
            throw invalid(
                "entry "
                    + Text.quote(entry.getName())
                    + " declares "
                    + entry.getSize()
                    + " bytes but inflates to "
                    + inflated);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(copy);
    }
  }

  private static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temporary file; the system's cleaner gets it.
    }
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException(List.of(new FieldError("file", message)));
  }

  /** An entry inflated to more than it declared. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  /** Counts what is read and fails past the limit. */
  private static final class Bounded extends FilterInputStream {

    private final String name;
    private final long limit;
    private long read;

    Bounded(InputStream in, String name, long limit) {
      super(in);
      this.name = name;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // Ask for at most one byte past the limit: enough to notice, never more.
      int n = super.read(b, off, (int) Math.min(len, Math.max(1, limit - read + 1)));
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, Math.max(0, limit - read + 1)));
      count(skipped);
      return skipped;
    }

    private void count(long n) throws TooLarge {
      read += n;
      if (read > limit) {
        throw new TooLarge(
            "entry "
                + Text.quote(name)
                + " inflates to more than the "
                + limit
                + " bytes it may (a zip bomb?)");
      }
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
