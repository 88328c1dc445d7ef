package dev.guidelab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.ledger.ExperimentEdits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The body of {@code PATCH /api/experiments/{id}}: what it may hold, and every refusal on its
 * field.
 */
class ExperimentEditRequestTest {

  private static ExperimentEdits.Edit read(String json) {
    return ExperimentEditRequest.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), null);
  }

  private static List<String> refusedFields(String json) {
    return assertThrows(InvalidRequestException.class, () -> read(json)).errors().stream()
        .map(FieldError::field)
        .toList();
  }

  @Test
  void aNameIsTrimmedTagsKeepTheirOrderOnceEachAndAnAbsentFieldStaysAsItIs() {
    ExperimentEdits.Edit edit =
        read(
            "{\"name\": \"  cfg ablation \", \"tags\": [\"b\", \" a:1 \", \"b\", \"größe_2.x-y\"]}");
    assertEquals("cfg ablation", edit.name());
    assertEquals(List.of("b", "a:1", "größe_2.x-y"), edit.tags());
    assertNull(edit.note());
    assertNull(edit.starred());
    assertNull(edit.archived());
  }

  @Test
  void aNullOrBlankNoteClearsIt() {
    assertEquals("", read("{\"note\": null}").note());
    assertEquals("", read("{\"note\": \"  \"}").note());
    assertEquals("keep\nthis", read("{\"note\": \"keep\\nthis\"}").note());
    assertEquals(List.of(), read("{\"tags\": []}").tags());
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    assertEquals(
        List.of("owner", "name", "note", "tags[0]", "tags[1]", "starred", "archived"),
        refusedFields(
            "{\"owner\": \"bob\", \"name\": \"\", \"note\": \""
                + "n".repeat(ExperimentEditRequest.MAX_NOTE + 1)
                + "\", \"tags\": [\"a b\", 3], \"starred\": \"yes\", \"archived\": null}"));
    assertEquals(List.of("name"), refusedFields("{\"name\": \"" + "x".repeat(201) + "\"}"));
    assertEquals(List.of("tags[0]"), refusedFields("{\"tags\": [\"" + "x".repeat(41) + "\"]}"));
    assertEquals(List.of("tags"), refusedFields("{\"tags\": \"a\"}"));
    assertEquals(List.of("tags"), refusedFields("{\"tags\": [" + "\"t\",".repeat(20) + "\"t\"]}"));
  }

  @Test
  void theBodyIsAJsonObjectWithSomethingToChange() {
    assertEquals(List.of(FieldError.ROOT), refusedFields("{}"));
    assertEquals(List.of(FieldError.ROOT), refusedFields("[]"));
    assertEquals(List.of(FieldError.ROOT), refusedFields(""));
    assertEquals(List.of(FieldError.ROOT), refusedFields("{\"name\": "));
  }

  @Test
  void aFilterTagIsCheckedAsATagIs() {
    assertNull(ExperimentEditRequest.tagProblem("paper:fig3"));
    assertEquals(
        "must be 1–40 letters, digits and - _ . :, got 'a/b'",
        ExperimentEditRequest.tagProblem("a/b"));
  }
}
