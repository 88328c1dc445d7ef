package dev.guidelab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.RequestBodies;
import dev.guidelab.api.Text;
import dev.guidelab.ledger.ExperimentEdits;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code PATCH /api/experiments/{id}}, read with a limit ({@link RequestBodies#edit})
 * and checked field by field like a spec: every unknown field, wrong type and value out of bounds
 * is answered at once as a 400 naming it.
 */
final class ExperimentEditRequest {

  /** The fields an edit may hold. */
  static final Set<String> FIELDS = Set.of("name", "tags", "note", "starred", "archived");

  /** The most characters of a display name, once trimmed. */
  static final int MAX_NAME = 200;

  /** The most tags of an experiment. */
  static final int MAX_TAGS = 20;

  /** The most characters of a note. */
  static final int MAX_NOTE = 10_000;

  /** A tag: 1–40 letters, digits and {@code - _ . :}. */
  static final Pattern TAG = Pattern.compile("[\\p{L}\\p{Nd}_.:-]{1,40}");

  /** What {@link #TAG} allows, for messages. */
  static final String TAG_RULE = "must be 1–40 letters, digits and - _ . :";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExperimentEditRequest() {}

  /**
   * Reads and checks an edit.
   *
   * @throws InvalidRequestException (400) naming every offending field
   */
  static ExperimentEdits.Edit read(InputStream body, String contentLength) {
    String text = RequestBodies.edit(body, contentLength);
    JsonNode root;
    try {
      root = JSON.readTree(text.isBlank() ? "null" : text);
    } catch (JsonProcessingException e) {
      throw invalid(FieldError.ROOT, "not valid JSON: " + e.getOriginalMessage());
    }
    String allowed = "any of name, tags, note, starred, archived";
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw invalid(FieldError.ROOT, "must be a JSON object with " + allowed);
    }
    List<FieldError> errors = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "unknown field; allowed: " + allowed));
              }
            });
    String name = null;
    if (root.has("name")) {
      name = root.get("name").isNull() ? "" : text(root.get("name"), "name", errors);
      if (name != null) {
        name = name.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME) {
          errors.add(new FieldError("name", "must be 1–" + MAX_NAME + " characters once trimmed"));
        }
      }
    }
    String note = null;
    if (root.has("note")) {
      note = root.get("note").isNull() ? "" : text(root.get("note"), "note", errors);
      if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE) {
        errors.add(
            new FieldError(
                "note",
                "must be at most "
                    + MAX_NOTE
                    + " characters, got "
                    + note.codePointCount(0, note.length())));
      }
    }
    List<String> tags = root.has("tags") ? tags(root.get("tags"), errors) : null;
    Boolean starred = flag(root, "starred", errors);
    Boolean archived = flag(root, "archived", errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new ExperimentEdits.Edit(
        name, tags, note == null ? null : note.isBlank() ? "" : note, starred, archived);
  }

  /**
   * A tag's problem for a message, or null when {@code tag} is one ({@link #TAG}); also checks the
   * tags of a history filter.
   */
  static String tagProblem(String tag) {
    String problem = Text.problem(tag);
    if (problem != null) {
      return problem;
    }
    return TAG.matcher(tag).matches() ? null : TAG_RULE + ", got " + Text.quote(tag);
  }

  private static List<String> tags(JsonNode node, List<FieldError> errors) {
    if (!node.isArray()) {
      errors.add(new FieldError("tags", "must be an array of strings, got " + node.getNodeType()));
      return null;
    }
    if (node.size() > MAX_TAGS) {
      errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags, got " + node.size()));
      return null;
    }
    Set<String> tags = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String field = "tags[" + i + "]";
      String tag = text(node.get(i), field, errors);
      if (tag != null) {
        String problem = tagProblem(tag.strip());
        if (problem != null) {
          errors.add(new FieldError(field, problem));
        } else {
          tags.add(tag.strip());
        }
      }
    }
    return List.copyOf(tags);
  }

  /** A string that can be stored, or null (with an error unless it is absent or null). */
  private static String text(JsonNode node, String field, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(new FieldError(field, "must be a string, got " + node.getNodeType()));
      return null;
    }
    String problem = Text.problem(node.textValue());
    if (problem != null) {
      errors.add(new FieldError(field, problem));
      return null;
    }
    return node.textValue();
  }

  private static Boolean flag(JsonNode root, String field, List<FieldError> errors) {
    JsonNode node = root.get(field);
    if (node == null) {
      return null;
    }
    if (!node.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false, got " + node.getNodeType()));
      return null;
    }
    return node.booleanValue();
  }

  private static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }
}
