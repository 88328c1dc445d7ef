package dev.guidelab.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Request bodies read with a limit, for the endpoints whose body is text (specs): refused by its
 * {@code Content-Length} before a byte is read ({@link BodyLimitRoute} does so before the request
 * reaches a resource), or after {@code limit + 1} bytes when it has none (chunked), never held
 * whole when too large. Uploads ({@code .npz}, zips, {@code .pt}) are bounded by {@code
 * quarkus.http.limits.max-body-size} ({@link BodyLimitRoute}).
 */
public final class RequestBodies {

  /** The most bytes of a spec body (experiments, validation, trainings): 1 MiB. */
  public static final int SPEC_LIMIT = 1 << 20;

  /** What a spec body is called in a 413. */
  static final String SPEC = "a spec";

  private RequestBodies() {}

  /**
   * The body, at most {@link #SPEC_LIMIT} bytes of UTF-8, as text.
   *
   * @param contentLength the {@code Content-Length} header, or null
   * @throws BodyTooLargeException (413) past the limit
   * @throws InvalidRequestException on {@link FieldError#ROOT} if the bytes are not UTF-8
   */
  public static String spec(InputStream body, String contentLength) {
    return utf8(body, contentLength, SPEC_LIMIT, SPEC);
  }

  /** The most bytes of a small JSON body (sign-in, tokens, users): 16 KiB. */
  public static final int SMALL_LIMIT = 16 << 10;

  /** A small JSON body, at most {@link #SMALL_LIMIT} bytes of UTF-8, as text. */
  public static String small(InputStream body, String contentLength) {
    return utf8(body, contentLength, SMALL_LIMIT, "a request");
  }

  /**
   * The most bytes of an experiment's edit ({@code PATCH /api/experiments/{id}}): 128 KiB, room for
   * a note of 10,000 characters however its JSON escapes them.
   */
  public static final int EDIT_LIMIT = 128 << 10;

  /** An experiment's edit, at most {@link #EDIT_LIMIT} bytes of UTF-8, as text. */
  public static String edit(InputStream body, String contentLength) {
    return utf8(body, contentLength, EDIT_LIMIT, "an experiment's edit");
  }

  /** As {@link #spec} with another limit; {@code what} names the body in the answer. */
  static String utf8(InputStream body, String contentLength, int limit, String what) {
    long declared = declaredLength(contentLength);
    if (declared > limit) {
      throw new BodyTooLargeException(FieldError.ROOT, what, limit, declared);
    }
    byte[] bytes;
    try (InputStream in = body) {
      bytes = in == null ? new byte[0] : in.readNBytes(limit + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.length > limit) {
      throw new BodyTooLargeException(FieldError.ROOT, what, limit, -1);
    }
    return decode(bytes);
  }

  /** Strict UTF-8: a malformed byte is refused with its offset rather than replaced. */
  static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new InvalidRequestException(
          List.of(
              new FieldError(
                  FieldError.ROOT,
                  "not UTF-8 text: invalid byte sequence at byte " + in.position())));
    }
    if (!result.isUnderflow()) {
      throw new IllegalStateException("decoding into a buffer of one char per byte overflowed");
    }
    return out.flip().toString();
  }

  /** The {@code Content-Length} as a number, or -1 if absent or unreadable. */
  static long declaredLength(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
