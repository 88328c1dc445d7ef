package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.experiment.SweepMethods.Method;
import dev.guidelab.experiment.SweepMethods.Param;
import dev.guidelab.experiment.SweepMethods.Role;
import dev.guidelab.guidance.spec.GuidanceParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code sweep} array of a spec: guidance methods with their parameters and weights (see {@link
 * SweepMethods}), read, checked entry by entry, and written back in canonical form.
 *
 * <p>Any parameter but {@code method} and {@code inner} may be a list of values to sweep over;
 * {@code weights} is always a list. A wrapping method ({@code interval}, {@code cads}) takes the
 * weights either on itself or on its inner method, once; the canonical form puts them on the
 * outermost entry. Errors name the field, e.g. {@code sweep[2].eta[1]}, {@code
 * sweep[1].inner.guide}.
 */
final class SweepSection {

  static final String PATH = "sweep";

  private static final String METHODS_ALLOWED =
      "allowed: " + String.join(", ", GuidanceParams.METHODS);

  /** Cap when counting points of a huge sweep, so products cannot overflow. */
  private static final long COUNT_CAP = 1L << 40;

  /**
   * What the rest of the spec says that entries are checked against.
   *
   * @param main the main model id, or null if it was invalid
   * @param mainConditional whether main takes a condition, or null if unknown
   * @param steps the sampler's number of steps N, or null if the sampler was invalid
   */
  record Context(String main, Boolean mainConditional, Integer steps) {}

  private SweepSection() {}

  /**
   * Reads the sweep.
   *
   * @param node the {@code sweep} value, or {@code null} when absent
   * @return the entries, or {@code null} if any error was recorded here
   */
  static List<SweepEntry> read(JsonNode node, Context ctx, SpecReader r) {
    if (node == null) {
      r.error(PATH, "required; a non-empty array of entries such as {\"method\": \"none\"}");
      return null;
    }
    int errorsBefore = r.errorCount();
    ArrayNode array = r.nonEmptyArray(node, PATH, "sweep entries ({method, guide, weights})");
    if (array == null) {
      return null;
    }
    long points = 0;
    for (JsonNode entry : array) {
      points = Math.min(COUNT_CAP, points + rawPointCount(entry));
    }
    List<SweepEntry> entries = new ArrayList<>();
    Map<GuidanceParams, String> seen = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String path = index(PATH, i);
      SweepEntry entry = readEntry(array.get(i), path, ctx, r);
      if (entry != null) {
        if (points <= SpecParser.MAX_POINTS) {
          checkNewPoints(entry, path, seen, r);
        }
        entries.add(entry);
      }
    }
    if (points > SpecParser.MAX_POINTS) {
      r.error(
          PATH,
          "expands to "
              + (points >= COUNT_CAP ? "more than " + COUNT_CAP : Long.toString(points))
              + " points; at most "
              + SpecParser.MAX_POINTS
              + " are allowed per experiment");
    }
    return r.errorCount() > errorsBefore ? null : entries;
  }

  /** Writes the entries as an array of objects in canonical field order. */
  static ArrayNode write(List<SweepEntry> sweep, ArrayNode target) {
    for (SweepEntry entry : sweep) {
      write(entry, target.addObject());
    }
    return target;
  }

  private static void write(SweepEntry entry, ObjectNode o) {
    o.put("method", entry.method());
    if (entry.inner() != null) {
      write(entry.inner(), o.putObject(SweepMethods.INNER));
    }
    entry
        .parameters()
        .forEach(
            (name, values) -> {
              if (values.size() == 1) {
                put(o, name, values.get(0));
              } else {
                ArrayNode array = o.putArray(name);
                values.forEach(v -> add(array, v));
              }
            });
    if (entry.weights() != null) {
      ArrayNode weights = o.putArray(SweepMethods.WEIGHTS);
      entry.weights().forEach(weights::add);
    }
  }

  private static void put(ObjectNode o, String name, Object value) {
    if (value instanceof String s) {
      o.put(name, s);
    } else if (value instanceof Double d) {
      o.put(name, d);
    } else if (value instanceof Integer i) {
      o.put(name, i);
    } else {
      o.put(name, (Boolean) value);
    }
  }

  private static void add(ArrayNode array, Object value) {
    if (value instanceof String s) {
      array.add(s);
    } else if (value instanceof Double d) {
      array.add(d);
    } else if (value instanceof Integer i) {
      array.add(i);
    } else {
      array.add((Boolean) value);
    }
  }

  /**
   * Points an entry would expand to, counted on the raw JSON so the limit is reported even when the
   * entry has other errors: the product of the sizes of its array-valued fields, inner entries
   * included.
   */
  private static long rawPointCount(JsonNode entry) {
    if (!entry.isObject()) {
      return 1;
    }
    long count = 1;
    for (Map.Entry<String, JsonNode> property : entry.properties()) {
      JsonNode value = property.getValue();
      if (property.getKey().equals(SweepMethods.INNER)) {
        count = Math.min(COUNT_CAP, count * rawPointCount(value));
      } else if (value.isArray() && !value.isEmpty()) {
        count = Math.min(COUNT_CAP, count * value.size());
      }
    }
    return count;
  }

  /** One level of an entry as read, before the weights are moved to the top. */
  private static final class Level {
    final Method method;
    final String path;
    final Map<String, List<Object>> parameters = new LinkedHashMap<>();
    Level inner;
    List<Double> weights;

    Level(Method method, String path) {
      this.method = method;
      this.path = path;
    }

    SweepEntry toEntry(List<Double> entryWeights) {
      return new SweepEntry(
          method.name(), parameters, inner == null ? null : inner.toEntry(null), entryWeights);
    }
  }

  private static SweepEntry readEntry(JsonNode node, String path, Context ctx, SpecReader r) {
    int errorsBefore = r.errorCount();
    Level top = readLevel(node, path, null, ctx, r);
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
      String here = child(level.path, SweepMethods.WEIGHTS);
      if (leaf.method.role() != Role.WEIGHTED) {
        r.error(
            here,
            "not allowed: the wrapped method '" + leaf.method.name() + "' has no guidance weight");
      } else if (weighted != null) {
        r.error(
            here,
            "already given at "
                + child(weighted.path, SweepMethods.WEIGHTS)
                + "; give the weights once, on the outer or the inner method");
      } else {
        weighted = level;
      }
    }
    if (leaf.method.role() == Role.WEIGHTED && weighted == null) {
      String of = leaf == top ? "" : " (for its inner method '" + leaf.method.name() + "')";
      r.error(
          child(path, SweepMethods.WEIGHTS),
          "required for method '"
              + top.method.name()
              + "'"
              + of
              + "; give a non-empty array of guidance weights ≥ 0");
    }
    if (r.errorCount() > errorsBefore) {
      return null;
    }
    return top.toEntry(weighted == null ? null : weighted.weights);
  }

  /**
   * Reads one level of an entry.
   *
   * @param wrappedBy the method wrapping this one, or null at the top
   * @return the level, or null if its method is missing or unknown (its other fields are then not
   *     checked)
   */
  private static Level readLevel(
      JsonNode node, String path, String wrappedBy, Context ctx, SpecReader r) {
    ObjectNode o = r.object(node, path);
    if (o == null) {
      return null;
    }
    Method method = readMethod(field(o, "method"), child(path, "method"), wrappedBy, r);
    if (method == null) {
      return null;
    }
    rejectFields(o, path, method, r);
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
    Level level = new Level(method, path);
    if (method.role() == Role.WRAPPER) {
      JsonNode innerNode = field(o, SweepMethods.INNER);
      if (innerNode == null) {
        r.error(
            child(path, SweepMethods.INNER),
            "required; the method that '"
                + method.name()
                + "' wraps, e.g. {\"method\": \"cfg\", \"guide\": \"…\"}");
      } else {
        level.inner = readLevel(innerNode, child(path, SweepMethods.INNER), method.name(), ctx, r);
      }
    }
    for (Param p : method.params()) {
      readParam(o, path, method, p, level, ctx, r);
    }
    JsonNode weightsNode = field(o, SweepMethods.WEIGHTS);
    if (weightsNode != null && method.role() != Role.PLAIN) {
      level.weights = readWeights(weightsNode, child(path, SweepMethods.WEIGHTS), r);
    }
    CrossChecks.check(o, path, level.method.name(), level.parameters, ctx, r);
    return level;
  }

  private static Method readMethod(JsonNode node, String path, String wrappedBy, SpecReader r) {
    List<String> allowed =
        wrappedBy == null
            ? GuidanceParams.METHODS
            : wrappedBy.equals(GuidanceParams.INTERVAL)
                ? SweepMethods.INTERVAL_INNER
                : SweepMethods.CADS_INNER;
    String allowedText =
        wrappedBy == null ? METHODS_ALLOWED : "allowed: " + String.join(", ", allowed);
    if (node == null) {
      r.error(path, "required; " + allowedText);
      return null;
    }
    if (!node.isTextual()) {
      r.error(path, "must be a string; " + allowedText + ", got " + SpecReader.describe(node));
      return null;
    }
    String name = node.textValue();
    if (!GuidanceParams.METHODS.contains(name)) {
      r.error(path, "unknown method " + SpecReader.quote(name) + "; " + allowedText);
      return null;
    }
    if (!allowed.contains(name)) {
      r.error(
          path, "method '" + name + "' cannot be wrapped by '" + wrappedBy + "'; " + allowedText);
      return null;
    }
    return SweepMethods.method(name);
  }

  /** Fields the method does not take: known ones of other methods get a specific message. */
  private static void rejectFields(ObjectNode o, String path, Method method, SpecReader r) {
    List<String> fields = method.fields();
    List<String> known = SweepMethods.allFields();
    for (Map.Entry<String, JsonNode> property : o.properties()) {
      String name = property.getKey();
      if (fields.contains(name) || property.getValue().isNull()) {
        continue;
      }
      if (!known.contains(name)) {
        r.unknownField(path, name, fields);
      } else if (name.equals(SweepMethods.WEIGHTS)) {
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
      ObjectNode o, String path, Method method, Param p, Level level, Context ctx, SpecReader r) {
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
    List<Object> values = readValues(node, at, p, ctx, r);
    if (values != null) {
      level.parameters.put(p.name(), values);
    }
  }

  /** One value, or a non-empty list of distinct values. */
  private static List<Object> readValues(
      JsonNode node, String path, Param p, Context ctx, SpecReader r) {
    if (!node.isArray()) {
      Object value = readValue(node, path, p, ctx, r);
      return value == null ? null : List.of(value);
    }
    if (node.isEmpty()) {
      r.error(path, "must not be empty; give one value, or a list of values to sweep over");
      return null;
    }
    int errorsBefore = r.errorCount();
    List<Object> values = new ArrayList<>();
    for (int k = 0; k < node.size(); k++) {
      String at = index(path, k);
      Object value = readValue(node.get(k), at, p, ctx, r);
      if (value == null) {
        continue;
      }
      int first = values.indexOf(value);
      if (first >= 0) {
        r.error(
            at,
            "duplicate value "
                + display(value)
                + " (same as "
                + index(path, first)
                + "); list each value once");
      }
      values.add(value);
    }
    return r.errorCount() > errorsBefore ? null : values;
  }

  private static Object readValue(JsonNode node, String path, Param p, Context ctx, SpecReader r) {
    return switch (p.kind()) {
      case MODEL -> r.model(node, path);
      case NUMBER -> {
        Double value = r.number(node, path);
        String problem = value == null ? null : p.check().problem(value);
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
      case BOOLEAN -> {
        if (node.isBoolean()) {
          yield node.booleanValue();
        }
        r.error(path, "must be true or false, got " + SpecReader.describe(node));
        yield null;
      }
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

  /** Records an error if {@code entry} produces a point an earlier entry already produces. */
  private static void checkNewPoints(
      SweepEntry entry, String path, Map<GuidanceParams, String> seen, SpecReader r) {
    for (GuidanceParams point : entry.points()) {
      String earlier = seen.putIfAbsent(point, path);
      if (earlier != null && !earlier.equals(path)) {
        r.error(path, "repeats the point '" + point.label() + "' of " + earlier);
        return;
      }
    }
  }

  static String display(Object value) {
    return value instanceof Double d ? Numbers.format(d) : Objects.toString(value);
  }
}
