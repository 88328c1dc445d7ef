package dev.guidelab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request may hold and how much of it an answer shows. */
class RequestLimitsTest {

  @Test
  void nulCharactersAndLoneSurrogatesAreNamedWithWhereTheyAre() {
    assertNull(Text.problem("plain, ünïcödé and an emoji 😀"));
    assertEquals(
        "must not contain the NUL character (U+0000); found at character 3",
        Text.problem("ab\u0000c"));
    assertTrue(Text.problem("a\ud800b").contains("lone UTF-16 surrogate U+D800 at character 2"));
    assertTrue(Text.problem("a\udc00").contains("U+DC00 at character 2"));
    // A pair counts as one character; a low surrogate before a high one is two lone ones.
    assertTrue(Text.problem("😀\u0000").contains("character 2"));
    assertTrue(Text.problem("\udc00\ud800").contains("U+DC00 at character 1"));
  }

  @Test
  void quotedTextIsShortenedAndWhatCannotBePrintedIsEscaped() {
    String longName = "x".repeat(10_000);
    assertEquals("'" + "x".repeat(Text.QUOTED) + "…'", Text.quote(longName));
    assertEquals("a\\u0000b\\uD800", Text.echo("a\u0000b\ud800"));
    assertEquals("😀".repeat(3) + "…", Text.shorten("😀".repeat(5), 3)); // never half a pair
    assertEquals("null", Text.echo(null));
  }

  @Test
  void fieldErrorsAndAnswersAreBoundedHoweverLargeTheInput() {
    FieldError e = new FieldError("k".repeat(100_000), "m".repeat(1_000_000));
    assertEquals(FieldError.MAX_FIELD + 1, e.field().length());
    assertEquals(FieldError.MAX_MESSAGE + 1, e.message().length());
    assertTrue(e.message().endsWith("…"));
    assertEquals(FieldError.MAX_MESSAGE + 1, ApiError.of("z".repeat(50_000)).error().length());

    List<FieldError> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(new FieldError("f" + i, "unknown field"));
    }
    InvalidRequestException refused = new InvalidRequestException(many);
    assertEquals(InvalidRequestException.MAX_LISTED, refused.errors().size());
    assertEquals("f98", refused.errors().get(98).field());
    FieldError last = refused.errors().get(InvalidRequestException.MAX_LISTED - 1);
    assertEquals("$", last.field());
    assertTrue(last.message().startsWith("and 99901 more problems not listed"), last.message());
    assertTrue(
        refused.getMessage().length() < 10_000, "summary of " + refused.getMessage().length());
  }

  @Test
  void queryParametersAreNumbersOrFlagsOrAnErrorNamingThem() {
    List<FieldError> errors = new ArrayList<>();
    assertEquals(7, QueryParams.integer("page", " 7 ", 0, errors));
    assertEquals(20, QueryParams.integer("size", null, 20, errors));
    assertEquals(20, QueryParams.integer("size", "", 20, errors));
    assertEquals(-3, QueryParams.integer("page", "-3", 0, errors)); // the range is the resource's
    assertEquals(List.of(), errors);

    assertNull(QueryParams.integer("page", "abc", 0, errors));
    assertNull(QueryParams.integer("size", "99999999999", 20, errors));
    assertNull(QueryParams.integer("dim", "1.5", 0, errors));
    assertNull(QueryParams.longInteger("n", "ten", null, errors));
    assertNull(QueryParams.flag("returnFeatures", "yes", false, errors));
    assertEquals(
        List.of(
            new FieldError("page", "must be an integer, got 'abc'"),
            new FieldError(
                "size", "must be an integer in -2147483648..2147483647, got '99999999999'"),
            new FieldError("dim", "must be an integer, got '1.5'"),
            new FieldError("n", "must be an integer, got 'ten'"),
            new FieldError("returnFeatures", "must be true or false, got 'yes'")),
        errors);
    assertEquals(true, QueryParams.flag("returnFeatures", "TRUE", false, errors));
    assertNull(QueryParams.longInteger("n", null, null, errors));
    assertEquals(12_345_678_901L, QueryParams.longInteger("n", "12345678901", null, errors));
  }

  /** A body that fails the test if it is read. */
  private static InputStream unread() {
    return new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body was read");
      }

      @Override
      public int read(byte[] b, int off, int len) {
        throw new AssertionError("the body was read");
      }
    };
  }

  @Test
  void aSpecBodyOverTheLimitIsRefusedByItsLengthUnreadOrOnceTheLimitIsPassed() {
    BodyTooLargeException declared =
        assertThrows(BodyTooLargeException.class, () -> RequestBodies.spec(unread(), "4194304"));
    assertEquals(
        "request body too large: at most 1 MiB (1048576 bytes) for a spec", declared.getMessage());
    assertEquals(
        List.of(new FieldError("$", "at most 1048576 bytes, got 4194304 bytes")),
        declared.body().violations());

    byte[] big = new byte[RequestBodies.SPEC_LIMIT + 1];
    BodyTooLargeException chunked =
        assertThrows(
            BodyTooLargeException.class,
            () -> RequestBodies.spec(new ByteArrayInputStream(big), null));
    assertEquals(
        List.of(new FieldError("$", "at most 1048576 bytes, got more")),
        chunked.body().violations());

    byte[] exactly = "{\"a\": \"é\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("{\"a\": \"é\"}", RequestBodies.spec(new ByteArrayInputStream(exactly), null));
    assertEquals("", RequestBodies.spec(null, null));
  }

  @Test
  void aSpecBodyMustBeUtf8RatherThanBeSilentlyRepaired() {
    // A UTF-16 surrogate encoded as if it were a character (CESU-8): no valid UTF-8.
    byte[] cesu = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> RequestBodies.spec(new ByteArrayInputStream(cesu), null));
    assertEquals(
        List.of(new FieldError("$", "not UTF-8 text: invalid byte sequence at byte 2")),
        e.errors());
  }

  @Test
  void sizesAreSaidInTheirUnitAndInBytes() {
    assertEquals("256 MiB (268435456 bytes)", BodyTooLargeException.bytes(256L << 20));
    assertEquals("1 GiB (1073741824 bytes)", BodyTooLargeException.bytes(1L << 30));
    assertEquals("1000 bytes", BodyTooLargeException.bytes(1000));
  }
}
