package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.Text;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values out of a spec's JSON tree and records a {@link FieldError} for every value
 * that is missing, of the wrong type or out of range, so a parse reports all problems at once.
 *
 * <p>Every reader returns {@code null} after recording an error; callers keep going. A JSON {@code
 * null} counts as an absent field. A spec's own text appears in a message quoted and shortened to
 * {@value Text#QUOTED} characters ({@link #quote}, {@link #describe}); the first {@value
 * InvalidRequestException#MAX_LISTED} problems are listed and the rest counted, so neither the
 * answer nor the reader grows with a large spec full of mistakes.
 */
final class SpecReader {

  /** Errors kept; the last listed entry is the count of the rest. */
  private static final int KEPT = InvalidRequestException.MAX_LISTED - 1;

  private final ModelLookup models;
  private final List<FieldError> errors = new ArrayList<>();
  private int omitted; // errors recorded past KEPT

  SpecReader(ModelLookup models) {
    this.models = models;
  }

  /** The catalog this reader checks model ids against. */
  ModelLookup models() {
    return models;
  }

  /** A reader with the same catalog and no errors, for a section read out of document order. */
  SpecReader fresh() {
    return new SpecReader(models);
  }

  /** Appends the errors of another reader (see {@link #fresh}). */
  void addAll(SpecReader other) {
    for (FieldError e : other.errors) {
      error(e.field(), e.message());
    }
    omitted += other.omitted;
  }

  /** The errors recorded, the first {@code MAX_LISTED - 1} and then how many more there are. */
  List<FieldError> errors() {
    if (omitted == 0) {
      return errors;
    }
    List<FieldError> listed = new ArrayList<>(errors);
    listed.add(InvalidRequestException.more(omitted));
    return listed;
  }

  /** Every error recorded, listed or not: grows with each one. */
  int errorCount() {
    return errors.size() + omitted;
  }

  void error(String field, String message) {
    if (errors.size() < KEPT) {
      errors.add(new FieldError(field, message));
    } else {
      omitted++;
    }
  }

  /**
   * A problem for every string and field name in the document that cannot be stored ({@link
   * Text#problem}: a NUL character or a lone surrogate), each on its field, so every text field of
   * every spec — names, owner, model ids, anything — is checked in one place, before it is read.
   */
  static List<FieldError> textProblems(JsonNode root) {
    List<FieldError> problems = new ArrayList<>();
    textProblems(root, "", problems);
    return problems;
  }

  private static void textProblems(JsonNode node, String path, List<FieldError> problems) {
    if (node.isTextual()) {
      String problem = Text.problem(node.textValue());
      if (problem != null) {
        problems.add(new FieldError(path.isEmpty() ? FieldError.ROOT : path, problem));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        textProblems(node.get(i), index(path, i), problems);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = child(path, field.getKey());
        String problem = Text.problem(field.getKey());
        if (problem != null) {
          problems.add(new FieldError(name, "a field name " + problem));
        } else {
          textProblems(field.getValue(), name, problems);
        }
      }
    }
  }

  /** {@code sampler} + {@code steps} → {@code sampler.steps}; at the root just {@code name}. */
  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** The field's value, or {@code null} when absent or JSON {@code null}. */
  static JsonNode field(ObjectNode object, String name) {
    JsonNode value = object.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /** Like {@link #field} but records {@code required; <hint>} when the field is absent. */
  JsonNode required(ObjectNode object, String path, String name, String hint) {
    JsonNode value = field(object, name);
    if (value == null) {
      error(child(path, name), "required; " + hint);
    }
    return value;
  }

  /** Records one error per field of {@code object} that is not in {@code allowed}. */
  void rejectUnknown(ObjectNode object, String path, List<String> allowed) {
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      if (path.isEmpty() && property.getKey().equals("owner")) {
        error("owner", "not part of a spec: the owner is whoever submits it (docs/accounts.md)");
      } else if (!allowed.contains(property.getKey())) {
        unknownField(path, property.getKey(), allowed);
      }
    }
  }

  /** Records that {@code path.name} is not a field here, listing what is, with a suggestion. */
  void unknownField(String path, String name, List<String> allowed) {
    String suggestion = closest(name, allowed);
    error(
        child(path, name),
        "unknown field; allowed: "
            + String.join(", ", allowed)
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)"));
  }

  ObjectNode object(JsonNode node, String path) {
    if (node.isObject()) {
      return (ObjectNode) node;
    }
    error(path, "must be an object, got " + describe(node));
    return null;
  }

  /** A non-empty array; {@code what} names its elements, e.g. "guidance weights". */
  ArrayNode nonEmptyArray(JsonNode node, String path, String what) {
    if (!node.isArray()) {
      error(path, "must be a non-empty array of " + what + ", got " + describe(node));
      return null;
    }
    if (node.isEmpty()) {
      error(path, "must not be empty; give at least one of the " + what);
      return null;
    }
    return (ArrayNode) node;
  }

  /** {@code true} or {@code false}; null, with an error, for anything else. */
  Boolean bool(JsonNode node, String path) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    error(path, "must be true or false, got " + describe(node));
    return null;
  }

  /** A non-blank string of at most {@code maxLength} characters, trimmed. */
  String text(JsonNode node, String path, int maxLength) {
    if (!node.isTextual()) {
      error(path, "must be a string, got " + describe(node));
      return null;
    }
    String value = node.textValue().trim();
    if (value.isEmpty()) {
      error(path, "must not be blank");
      return null;
    }
    int length = value.codePointCount(0, value.length());
    if (length > maxLength) {
      error(path, "must be at most " + maxLength + " characters, got " + length);
      return null;
    }
    return value;
  }

  /**
   * The id of a model in the catalog, or a post-hoc EMA address it can reconstruct, taken verbatim.
   */
  String model(JsonNode node, String path) {
    if (!node.isTextual()) {
      error(path, "must be a model id (a string), got " + describe(node));
      return null;
    }
    String id = node.textValue();
    if (id.isBlank()) {
      error(path, "must not be blank; give a model id");
      return null;
    }
    Optional<String> problem = models.addressProblem(id);
    if (problem.isPresent()) {
      error(path, "model address " + quote(id) + ": " + problem.get());
      return null;
    }
    if (!models.exists(id)) {
      error(path, "unknown model " + quote(id) + "; known models are listed at GET /api/models");
      return null;
    }
    return id;
  }

  /** An integer in {@code min..max}; integral floats such as {@code 1e4} are accepted. */
  Long integer(JsonNode node, String path, long min, long max) {
    String range = max == Long.MAX_VALUE ? "≥ " + min : "in " + min + ".." + max;
    return integer(node, path, min, max, "must be an integer " + range);
  }

  /** As {@link #integer(JsonNode, String, long, long)} with a custom requirement text. */
  Long integer(JsonNode node, String path, long min, long max, String requirement) {
    if (node.isNumber()) {
      BigDecimal value = node.decimalValue();
      boolean integral = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
      if (integral
          && value.compareTo(BigDecimal.valueOf(min)) >= 0
          && value.compareTo(BigDecimal.valueOf(max)) <= 0) {
        return value.longValueExact();
      }
    }
    error(path, requirement + ", got " + describe(node));
    return null;
  }

  /** A finite number. */
  Double number(JsonNode node, String path) {
    if (!node.isNumber()) {
      error(path, "must be a number, got " + describe(node));
      return null;
    }
    double value = node.decimalValue().doubleValue();
    if (!Double.isFinite(value)) {
      error(path, "must be a finite number, got " + describe(node));
      return null;
    }
    return value;
  }

  /** A finite number &gt; 0. */
  Double positive(JsonNode node, String path) {
    Double value = number(node, path);
    if (value != null && value <= 0) {
      error(path, "must be > 0, got " + describe(node));
      return null;
    }
    return value;
  }

  /** A finite number ≥ 0. */
  Double nonNegative(JsonNode node, String path) {
    Double value = number(node, path);
    if (value != null && value < 0) {
      error(path, "must be ≥ 0, got " + describe(node));
      return null;
    }
    return value;
  }

  /** How a value appears in a message: {@code -1}, {@code string "abc"}, {@code an array}. */
  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "string " + quoteJson(node.textValue());
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return Text.echo(node.asText());
  }

  /** {@code 'value'}, shortened to {@value Text#QUOTED} characters if long. */
  static String quote(String value) {
    return Text.quote(value);
  }

  private static String quoteJson(String value) {
    return "\"" + Text.echo(value) + "\"";
  }

  /**
   * The allowed name closest to {@code name} (ignoring case): within edit distance 1, or 2 for
   * names of six or more characters; {@code null} if none is that close.
   */
  private static String closest(String name, List<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String candidate : allowed) {
      int tolerance = candidate.length() >= 6 ? 2 : 1;
      String other = candidate.toLowerCase(Locale.ROOT);
      if (Math.abs(lower.length() - other.length()) > tolerance) {
        continue; // the distance is at least the difference in length: no need to compute it
      }
      int distance = editDistance(lower, other);
      if (distance <= tolerance && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Optimal-string-alignment distance: insertions, deletions, substitutions, transpositions. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        boolean swapped =
            i > 1
                && j > 1
                && a.charAt(i - 1) == b.charAt(j - 2)
                && a.charAt(i - 2) == b.charAt(j - 1);
        if (swapped) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
