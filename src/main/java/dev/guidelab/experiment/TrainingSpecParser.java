package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.content.Hashes;
import dev.guidelab.work.TrainingSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Parses and validates a {@link TrainingSpec}, reporting every problem by field like {@link
 * SpecParser}. Defaults are the reference recipe of docs/toy.md.
 */
public final class TrainingSpecParser {

  private static final List<String> FIELDS =
      List.of(
          "name", "priority", "classes", "width", "iterations", "batchSize", "seed", "emaSigmaRel");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,59}");
  private static final List<String> CLASSES =
      Arrays.stream(TrainingSpec.Classes.values()).map(TrainingSpec.Classes::wireName).toList();
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Largest σ_rel of a power-function EMA profile (docs/sampling-and-guidance.md §4). */
  static final double MAX_SIGMA_REL = 0.2886;

  private final Predicate<String> modelExists;

  /**
   * @param modelExists whether a model name is taken, so a run cannot reuse another's names
   */
  public TrainingSpecParser(Predicate<String> modelExists) {
    this.modelExists = modelExists;
  }

  public TrainingSpec parse(String json) {
    JsonNode root = SpecParser.readTree(json);
    if (!root.isObject()) {
      throw SpecParser.invalid(
          FieldError.ROOT, "must be a JSON object, got " + SpecReader.describe(root));
    }
    ObjectNode o = (ObjectNode) root;
    SpecReader r = new SpecReader(ModelLookup.of(modelExists, id -> false));
    r.rejectUnknown(o, "", FIELDS);

    JsonNode nameNode = r.required(o, "", "name", "the stem of the trained models' names");
    String name = nameNode == null ? null : r.text(nameNode, "name", 60);
    if (name != null && !NAME.matcher(name).matches()) {
      r.error(
          "name",
          "must be letters, digits, '.', '_' or '-' (starting with a letter or digit), got "
              + SpecReader.quote(name));
      name = null;
    }
    if (name != null && modelExists.test("toy-mlp:" + name)) {
      r.error(
          "name",
          "a model or snapshot family named toy-mlp:"
              + name
              + " exists already; choose another name");
    }
    Integer priority = SpecParser.readPriority(field(o, "priority"), r);
    JsonNode classesNode = r.required(o, "", "classes", "one of " + String.join(", ", CLASSES));
    TrainingSpec.Classes classes = null;
    if (classesNode != null) {
      if (!classesNode.isTextual() || !CLASSES.contains(classesNode.textValue())) {
        r.error(
            "classes",
            "must be one of "
                + String.join(", ", CLASSES)
                + ", got "
                + SpecReader.describe(classesNode));
      } else {
        classes = TrainingSpec.Classes.fromWireName(classesNode.textValue());
      }
    }
    Long width = integer(o, r, "width", 64, 4, 1024);
    Long iterations = integer(o, r, "iterations", 4096, 1, 100_000);
    Long batchSize = integer(o, r, "batchSize", 4096, 1, 65_536);
    Long seed = integer(o, r, "seed", 0, 0, Long.MAX_VALUE);
    JsonNode emaNode = field(o, "emaSigmaRel");
    Double ema = emaNode == null ? Double.valueOf(0.010) : r.positive(emaNode, "emaSigmaRel");
    if (ema != null && ema > MAX_SIGMA_REL) {
      r.error("emaSigmaRel", "must be in (0, " + MAX_SIGMA_REL + "], got " + ema);
    }
    if (!r.errors().isEmpty()) {
      throw new InvalidRequestException(r.errors());
    }
    return new TrainingSpec(
        name,
        priority,
        classes,
        Math.toIntExact(width),
        Math.toIntExact(iterations),
        Math.toIntExact(batchSize),
        seed,
        ema);
  }

  private static Long integer(
      ObjectNode o, SpecReader r, String name, long defaultValue, long min, long max) {
    JsonNode node = field(o, name);
    return node == null ? Long.valueOf(defaultValue) : r.integer(node, name, min, max);
  }

  /** Canonical JSON: every field, fixed order. */
  public String toJson(TrainingSpec spec) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("name", spec.name());
    o.put("priority", spec.priority());
    o.put("classes", spec.classes().wireName());
    o.put("width", spec.width());
    o.put("iterations", spec.iterations());
    o.put("batchSize", spec.batchSize());
    o.put("seed", spec.seed());
    o.put("emaSigmaRel", spec.emaSigmaRel());
    return o.toString();
  }

  /** SHA-256 of what determines the weights (everything but name and priority). */
  public String hash(TrainingSpec spec) {
    ObjectNode o = (ObjectNode) SpecParser.readTree(toJson(spec));
    o.remove(List.of("name", "priority"));
    return Hashes.sha256(o.toString());
  }
}
