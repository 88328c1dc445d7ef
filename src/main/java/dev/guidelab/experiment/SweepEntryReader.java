package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceMethod.Role;
import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.guidance.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One entry of a spec's {@code sweep}: its method (one of {@link GuidanceMethods}), the parameters
 * that method declares ({@link Param}: one value or a list to sweep over, checked against its kind
 * and range, defaults filled in), a wrapped method for wrappers, and the guidance weights, which a
 * wrapper takes either on itself or on its inner method, once. Errors name the field, e.g. {@code
 * sweep[2].eta[1]}, {@code sweep[1].inner.guide}.
 */
final class SweepEntryReader {

  /** Every field name any method takes. */
  private static final List<String> ALL_FIELDS =
      GuidanceMethods.all().stream().flatMap(m -> m.fields().stream()).distinct().toList();

  private SweepEntryReader() {}

  /** One level of an entry as read, before the weights are moved to the top. */
  private static final class Level {
    final GuidanceMethod method;
    final String path;
    final Map<String, List<Object>> parameters = new LinkedHashMap<>();

    /**
     * The address a guide is checked at while the entry is read (see {@link EmaAxes#addressing}),
     * or null when guides are checked as named.
     */
    final UnaryOperator<String> guideAt;

    Level inner;
    List<Double> weights;

    Level(GuidanceMethod method, String path, UnaryOperator<String> guideAt) {
      this.method = method;
      this.path = path;
      this.guideAt = guideAt;
    }

    SweepEntry toEntry(List<Double> entryWeights) {
      return new SweepEntry(
          method.name(), parameters, inner == null ? null : inner.toEntry(null), entryWeights);
    }
  }

  static SweepEntry read(JsonNode node, String path, SweepSection.Context ctx, SpecReader r) {
    int errorsBefore = r.errorCount();
    UnaryOperator<String> guideAt = EmaAxes.addressing(node);
    Level top = readLevel(node, path, null, guideAt, ctx, r);
    if (top == null || r.errorCount() > errorsBefore) {
      return null;
    }
    // The weights: given on exactly one level when the innermost method has a weight, else none.
    Level leaf = top;
    while (leaf.inner != null) {
      leaf = leaf.inner;
    }
    Level weighted = null;
    for (Level level = top; level != null; level = level.inner) {
      if (level.weights == null) {
        continue;
      }
      String here = child(level.path, GuidanceMethod.WEIGHTS);
      if (leaf.method.role() != Role.WEIGHTED) {
        r.error(
            here,
            "not allowed: the wrapped method '" + leaf.method.name() + "' has no guidance weight");
      } else if (weighted != null) {
        r.error(
            here,
            "already given at "
                + child(weighted.path, GuidanceMethod.WEIGHTS)
                + "; give the weights once, on the outer or the inner method");
      } else {
        weighted = level;
      }
    }
    if (leaf.method.role() == Role.WEIGHTED && weighted == null) {
      String of = leaf == top ? "" : " (for its inner method '" + leaf.method.name() + "')";
      r.error(
          child(path, GuidanceMethod.WEIGHTS),
          "required for method '"
              + top.method.name()
              + "'"
              + of
              + "; give a non-empty array of guidance weights ≥ 0");
    }
    if (r.errorCount() > errorsBefore) {
      return null;
    }
    Map<String, List<Object>> guides = guides(top, guideAt != null);
    Map<String, List<Object>> axes = EmaAxes.read((ObjectNode) node, path, guides, ctx.main(), r);
    if (axes == null) {
      return null;
    }
    top.parameters.putAll(axes);
    return top.toEntry(weighted == null ? null : weighted.weights);
  }

  /**
   * The guide parameters an entry gives, by their path, with their values; with {@code named}, as
   * the entry names them: read at an address, they are given back its base.
   */
  private static Map<String, List<Object>> guides(Level top, boolean named) {
    Map<String, List<Object>> guides = new LinkedHashMap<>();
    for (Level level = top; level != null; level = level.inner) {
      for (Param p : level.method.params()) {
        List<Object> values = level.parameters.get(p.name());
        if (p.kind() == Param.Kind.MODEL && values != null) {
          if (named) {
            values = values.stream().map(v -> (Object) EmaAxes.base((String) v)).toList();
            level.parameters.put(p.name(), values);
          }
          guides.put(child(level.path, p.name()), values);
        }
      }
    }
    return guides;
  }

  /**
   * Reads one level of an entry.
   *
   * @param wrappedBy the method wrapping this one, or null at the top
   * @param guideAt the address its guides are checked at, or null to check them as named
   * @return the level, or null if its method is missing or unknown (its other fields are then not
   *     checked)
   */
  private static Level readLevel(
      JsonNode node,
      String path,
      GuidanceMethod wrappedBy,
      UnaryOperator<String> guideAt,
      SweepSection.Context ctx,
      SpecReader r) {
    ObjectNode o = r.object(node, path);
    if (o == null) {
      return null;
    }
    GuidanceMethod method = readMethod(field(o, "method"), child(path, "method"), wrappedBy, r);
    if (method == null) {
      return null;
    }
    rejectFields(o, path, method, wrappedBy != null, r);
    if (method.needsConditionalMain() && Boolean.FALSE.equals(ctx.mainConditional())) {
      r.error(
          child(path, "method"),
          "method '"
              + method.name()
              + "' changes the condition, so it needs a conditional main model;"
              + " main "
              + SpecReader.quote(ctx.main())
              + " takes no condition");
    }
    Level level = new Level(method, path, guideAt);
    if (method.role() == Role.WRAPPER) {
      JsonNode innerNode = field(o, GuidanceMethod.INNER);
      if (innerNode == null) {
        r.error(
            child(path, GuidanceMethod.INNER),
            "required; the method that '"
                + method.name()
                + "' wraps, e.g. {\"method\": \"cfg\", \"guide\": \"…\"}");
      } else {
        level.inner =
            readLevel(innerNode, child(path, GuidanceMethod.INNER), method, guideAt, ctx, r);
      }
    }
    for (Param p : method.params()) {
      readParam(o, path, method, p, level, ctx, r);
    }
    JsonNode weightsNode = field(o, GuidanceMethod.WEIGHTS);
    if (weightsNode != null && method.role() != Role.PLAIN) {
      level.weights = readWeights(weightsNode, child(path, GuidanceMethod.WEIGHTS), r);
    }
    CrossChecks.check(o, path, method, level.parameters, ctx, r);
    return level;
  }

  private static GuidanceMethod readMethod(
      JsonNode node, String path, GuidanceMethod wrappedBy, SpecReader r) {
    List<String> allowed =
        wrappedBy == null
            ? GuidanceMethods.names()
            : GuidanceMethods.all().stream()
                .filter(wrappedBy::wraps)
                .map(GuidanceMethod::name)
                .toList();
    String allowedText = "allowed: " + String.join(", ", allowed);
    if (node == null) {
      r.error(path, "required; " + allowedText);
      return null;
    }
    if (!node.isTextual()) {
      r.error(path, "must be a string; " + allowedText + ", got " + SpecReader.describe(node));
      return null;
    }
    String name = node.textValue();
    GuidanceMethod method = GuidanceMethods.named(name).orElse(null);
    if (method == null) {
      r.error(path, "unknown method " + SpecReader.quote(name) + "; " + allowedText);
      return null;
    }
    if (!allowed.contains(name)) {
      r.error(
          path,
          "method '" + name + "' cannot be wrapped by '" + wrappedBy.name() + "'; " + allowedText);
      return null;
    }
    return method;
  }

  /**
   * Fields the method does not take: known ones of other methods get a specific message. The EMA
   * axes ({@link EmaAxes}) belong to the entry, so to its outermost level.
   */
  private static void rejectFields(
      ObjectNode o, String path, GuidanceMethod method, boolean inner, SpecReader r) {
    List<String> fields = method.fields();
    List<String> known = ALL_FIELDS;
    for (Map.Entry<String, JsonNode> property : o.properties()) {
      String name = property.getKey();
      if (fields.contains(name) || property.getValue().isNull()) {
        continue;
      }
      if (EmaAxes.FIELDS.contains(name)) {
        if (inner) {
          r.error(child(path, name), "give it on the outer entry, not on the method it wraps");
        }
        continue;
      }
      if (!known.contains(name)) {
        r.unknownField(path, name, fields);
      } else if (name.equals(GuidanceMethod.WEIGHTS)) {
        r.error(
            child(path, name),
            "not allowed for method '" + method.name() + "', which has no weight");
      } else if (name.equals("guide") && method.role() == Role.PLAIN) {
        r.error(
            child(path, name),
            "not allowed for method '" + method.name() + "', which uses no guiding model");
      } else {
        r.error(
            child(path, name),
            "not a parameter of method '"
                + method.name()
                + "'; it takes: "
                + String.join(", ", fields));
      }
    }
  }

  private static void readParam(
      ObjectNode o,
      String path,
      GuidanceMethod method,
      Param p,
      Level level,
      SweepSection.Context ctx,
      SpecReader r) {
    String at = child(path, p.name());
    JsonNode node = field(o, p.name());
    if (node == null) {
      switch (p.presence()) {
        case REQUIRED -> r.error(at, "required for method '" + method.name() + "'; " + p.hint());
        case DEFAULTED -> level.parameters.put(p.name(), List.of(p.fallback()));
        case UNLESS_CONDITIONAL -> {
          if (Boolean.FALSE.equals(ctx.mainConditional())) {
            r.error(
                at,
                "required for method '"
                    + method.name()
                    + "' because main "
                    + SpecReader.quote(ctx.main())
                    + " is unconditional; "
                    + p.hint()
                    + " (a conditional main may omit it and use its own null condition)");
          }
        }
        case OPTIONAL -> {}
      }
      return;
    }
    List<Object> values =
        p.kind() == Param.Kind.MODEL && level.guideAt != null
            ? readValues(node, at, r, (n, a) -> EmaAxes.readGuide(n, a, level.guideAt, r))
            : readValues(node, at, r, (n, a) -> readValue(n, a, p, ctx, r));
    if (values != null) {
      level.parameters.put(p.name(), values);
    }
  }

  /** Reads one value of a parameter, recording what is wrong with it; null if it is wrong. */
  interface Value {
    Object read(JsonNode node, String path);
  }

  /** One value, or a non-empty list of distinct values, each read by {@code value}. */
  static List<Object> readValues(JsonNode node, String path, SpecReader r, Value value) {
    if (!node.isArray()) {
      Object one = value.read(node, path);
      return one == null ? null : List.of(one);
    }
    if (node.isEmpty()) {
      r.error(path, "must not be empty; give one value, or a list of values to sweep over");
      return null;
    }
    int errorsBefore = r.errorCount();
    List<Object> values = new ArrayList<>();
    for (int k = 0; k < node.size(); k++) {
      String at = index(path, k);
      Object v = value.read(node.get(k), at);
      if (v == null) {
        continue;
      }
      int first = values.indexOf(v);
      if (first >= 0) {
        r.error(
            at,
            "duplicate value "
                + display(v)
                + " (same as "
                + index(path, first)
                + "); list each value once");
      }
      values.add(v);
    }
    return r.errorCount() > errorsBefore ? null : values;
  }

  private static Object readValue(
      JsonNode node, String path, Param p, SweepSection.Context ctx, SpecReader r) {
    return switch (p.kind()) {
      case MODEL -> r.model(node, path);
      case NUMBER -> {
        Double value = r.number(node, path);
        String problem = value == null ? null : p.range().problem(value);
        if (problem != null) {
          r.error(path, problem + ", got " + SpecReader.describe(node));
          yield null;
        }
        yield value;
      }
      case STEP -> {
        long max = ctx.steps() == null ? Integer.MAX_VALUE : ctx.steps() - 1;
        String rule =
            ctx.steps() == null
                ? "must be a step index ≥ 0"
                : "must be a step index in 0.." + max + " (sampler.steps = " + ctx.steps() + ")";
        Long value = r.integer(node, path, 0, max, rule);
        yield value == null ? null : Math.toIntExact(value);
      }
      case CHOICE -> {
        if (node.isTextual() && p.choices().contains(node.textValue())) {
          yield node.textValue();
        }
        r.error(
            path,
            "must be one of: "
                + String.join(", ", p.choices())
                + ", got "
                + SpecReader.describe(node));
        yield null;
      }
      case BOOLEAN -> r.bool(node, path);
    };
  }

  private static List<Double> readWeights(JsonNode node, String path, SpecReader r) {
    int errorsBefore = r.errorCount();
    ArrayNode array = r.nonEmptyArray(node, path, "guidance weights (numbers ≥ 0)");
    if (array == null) {
      return null;
    }
    List<Double> weights = new ArrayList<>();
    Map<Double, Integer> firstIndex = new HashMap<>();
    for (int k = 0; k < array.size(); k++) {
      Double w = r.nonNegative(array.get(k), index(path, k));
      if (w == null) {
        continue;
      }
      Integer first = firstIndex.putIfAbsent(w, k);
      if (first != null) {
        r.error(
            index(path, k),
            "duplicate weight "
                + Numbers.format(w)
                + " (same as "
                + index(path, first)
                + "); list each weight once");
      }
      weights.add(w);
    }
    return r.errorCount() > errorsBefore ? null : weights;
  }

  private static String display(Object value) {
    return value instanceof Double d ? Numbers.format(d) : Objects.toString(value);
  }
}
