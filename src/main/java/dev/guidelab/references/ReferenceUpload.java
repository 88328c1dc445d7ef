package dev.guidelab.references;

import dev.guidelab.content.Hashes;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request body saved to a temporary file while its SHA-256 is computed, so a large upload (50,000
 * images) is read from disk by the computation rather than held in memory. Deleted on {@link
 * #close()}.
 *
 * @param file the temporary file
 * @param sha256 lower-case hex SHA-256 of the bytes, as {@link Hashes#sha256(byte[])}
 * @param size bytes
 */
public record ReferenceUpload(Path file, String sha256, long size) implements Closeable {

  /** Saves {@code body} to a new temporary file. */
  public static ReferenceUpload save(InputStream body) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    Path file = Files.createTempFile("guidelab-reference-", ".upload");
    try (InputStream in = new DigestInputStream(body, digest);
        OutputStream out = Files.newOutputStream(file)) {
      long size = in.transferTo(out);
      return new ReferenceUpload(file, HexFormat.of().formatHex(digest.digest()), size);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
