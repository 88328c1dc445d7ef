package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every string of a spec is checked for what cannot be stored, by field, before it is read; and a
 * spec's mistakes are answered in bounded size, quoting at most 80 characters of the spec.
 */
class SpecTextTest {

  private final SpecParser parser =
      new SpecParser(Set.of("toy-oracle:A", "toy-oracle:AB")::contains);
  private final TrainingSpecParser training = new TrainingSpecParser(name -> false);

  private List<FieldError> refused(String json) {
    return assertThrows(InvalidRequestException.class, () -> parser.parse(json)).errors();
  }

  private static String spec(String name, String guide) {
    return """
        {"name": "%s", "main": "toy-oracle:A",
         "sweep": [{"method": "none"}, {"method": "cfg", "guide": "%s", "weights": [2]}],
         "samples": 100}
        """
        .formatted(name, guide);
  }

  @Test
  void aNulCharacterOrALoneSurrogateInAnyStringIsRefusedOnItsField() {
    parser.parse(spec("fine", "toy-oracle:AB"));
    assertEquals(
        List.of(
            new FieldError(
                "name", "must not contain the NUL character (U+0000); found at character 2")),
        refused(spec("a\\u0000b", "toy-oracle:AB")));
    List<FieldError> errors = refused(spec("ok\\ud800ice", "toy-oracle:AB\\udc00"));
    assertEquals(
        List.of("name", "sweep[1].guide"), errors.stream().map(FieldError::field).toList());
    assertTrue(errors.get(0).message().contains("lone UTF-16 surrogate U+D800 at character 3"));
    // A pair is a character, not a problem.
    parser.parse(spec("emoji \\ud83d\\ude00", "toy-oracle:AB"));
  }

  @Test
  void fieldNamesAndUnknownFieldsAreCheckedToo() {
    List<FieldError> errors =
        refused(
            "{\"name\": \"x\", \"sampler\": {\"st\\u0000eps\": 3}, \"main\": \"toy-oracle:A\"}");
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("sampler.st\\u0000eps", errors.get(0).field());
    assertTrue(errors.get(0).message().startsWith("a field name must not contain the NUL"));
    FieldError metric = refused("{\"name\": \"x\", \"metrics\": [\"fd\", \"\\u0000\"]}").get(0);
    assertEquals("metrics[1]", metric.field());
  }

  @Test
  void trainingSpecsAreCheckedTheSameWay() {
    List<FieldError> errors =
        assertThrows(
                InvalidRequestException.class,
                () -> training.parse("{\"name\": \"n\\u0000et\", \"classes\": \"A\"}"))
            .errors();
    assertEquals("name", errors.get(0).field());
  }

  @Test
  void longValuesAreQuotedShortenedAndTheAnswerIsBounded() {
    String longId = "m".repeat(5000);
    FieldError unknown = refused(spec("x", longId)).get(0);
    assertEquals("sweep[1].guide", unknown.field());
    assertTrue(
        unknown.message().startsWith("unknown model '" + "m".repeat(80) + "…'"), unknown.message());
    assertTrue(unknown.message().length() < 200, unknown.message());

    // A spec of a megabyte full of mistakes: 3,000 unknown fields, each a long name.
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 3_000; i++) {
      json.append("\"").append("k".repeat(300)).append(i).append("\": 1, ");
    }
    json.append("\"name\": \"x\"}");
    List<FieldError> errors = refused(json.toString());
    assertEquals(InvalidRequestException.MAX_LISTED, errors.size());
    assertTrue(errors.get(0).field().length() <= FieldError.MAX_FIELD + 1, errors.get(0).field());
    FieldError more = errors.get(errors.size() - 1);
    assertEquals("$", more.field());
    // 3,000 unknown fields, and main, sweep and samples missing: 99 listed, the rest counted.
    assertTrue(more.message().startsWith("and 2904 more problems not listed"), more.message());
    long size = errors.stream().mapToLong(e -> e.field().length() + e.message().length()).sum();
    assertTrue(size < 100_000, size + " characters of errors");
  }

  @Test
  void numbersInMessagesAreShortenedToo() {
    String digits = "9".repeat(900);
    FieldError samples =
        refused(
                "{\"name\": \"x\", \"main\": \"toy-oracle:A\", \"sweep\": [{\"method\": \"none\"}],"
                    + " \"samples\": "
                    + digits
                    + "}")
            .get(0);
    assertEquals("samples", samples.field());
    assertTrue(samples.message().length() < 200, samples.message());
  }
}
