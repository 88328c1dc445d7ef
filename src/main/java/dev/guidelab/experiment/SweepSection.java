package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.guidance.GuidanceMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sweep} array of a spec: guidance methods with their parameters and weights, read and
 * checked entry by entry ({@link SweepEntryReader}), and written back in canonical form.
 *
 * <p>Any parameter but {@code method} and {@code inner} may be a list of values to sweep over;
 * {@code weights} is always a list. A wrapping method ({@code interval}, {@code cads}) takes the
 * weights either on itself or on its inner method, once; the canonical form puts them on the
 * outermost entry. Errors name the field, e.g. {@code sweep[2].eta[1]}, {@code
 * sweep[1].inner.guide}.
 */
final class SweepSection {

  static final String PATH = "sweep";

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
    Map<List<Object>, String> seen = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String path = index(PATH, i);
      SweepEntry entry = SweepEntryReader.read(array.get(i), path, ctx, r);
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
      write(entry.inner(), o.putObject(GuidanceMethod.INNER));
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
      ArrayNode weights = o.putArray(GuidanceMethod.WEIGHTS);
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
      if (property.getKey().equals(GuidanceMethod.INNER)) {
        count = Math.min(COUNT_CAP, count * rawPointCount(value));
      } else if (value.isArray() && !value.isEmpty()) {
        count = Math.min(COUNT_CAP, count * value.size());
      }
    }
    return count;
  }

  /**
   * Records an error if {@code entry} produces a point an earlier entry already produces: the same
   * guidance with the same main model.
   */
  private static void checkNewPoints(
      SweepEntry entry, String path, Map<List<Object>, String> seen, SpecReader r) {
    for (SweepEntry.Point point : entry.points()) {
      List<Object> key = Arrays.asList(point.guidance(), point.ema().main());
      String earlier = seen.putIfAbsent(key, path);
      if (earlier != null && !earlier.equals(path)) {
        r.error(path, "repeats the point '" + point.label() + "' of " + earlier);
        return;
      }
    }
  }
}
