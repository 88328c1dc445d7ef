package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sweep} array of a spec: guidance methods with their guides and weights, read, checked
 * entry by entry, and written back in canonical form.
 */
final class SweepSection {

  static final String PATH = "sweep";

  /** Entry fields in canonical order. */
  static final List<String> FIELDS = List.of("method", "guide", "weights");

  private static final String METHODS_ALLOWED = "allowed: " + String.join(", ", SpecParser.METHODS);

  private SweepSection() {}

  /**
   * Reads the sweep.
   *
   * @param node the {@code sweep} value, or {@code null} when absent
   * @return the entries, or {@code null} if any error was recorded here
   */
  static List<SweepEntry> read(JsonNode node, SpecReader r) {
    if (node == null) {
      r.error(PATH, "required; a non-empty array of entries such as {\"method\": \"none\"}");
      return null;
    }
    int errorsBefore = r.errorCount();
    ArrayNode array = r.nonEmptyArray(node, PATH, "sweep entries ({method, guide, weights})");
    if (array == null) {
      return null;
    }
    List<SweepEntry> entries = new ArrayList<>();
    Map<PointParams, String> seen = new HashMap<>();
    int points = 0;
    for (int i = 0; i < array.size(); i++) {
      String path = index(PATH, i);
      JsonNode weights =
          array.get(i).isObject() ? field((ObjectNode) array.get(i), "weights") : null;
      points += weights != null && weights.isArray() && !weights.isEmpty() ? weights.size() : 1;
      SweepEntry entry = readEntry(array.get(i), path, r);
      if (entry != null) {
        checkNewPoints(entry, path, seen, r);
        entries.add(entry);
      }
    }
    if (points > SpecParser.MAX_POINTS) {
      r.error(
          PATH,
          "expands to "
              + points
              + " points; at most "
              + SpecParser.MAX_POINTS
              + " are allowed per experiment");
    }
    return r.errorCount() > errorsBefore ? null : entries;
  }

  /** Writes the entries as an array of objects; absent guide and weights are omitted. */
  static ArrayNode write(List<SweepEntry> sweep, ArrayNode target) {
    for (SweepEntry entry : sweep) {
      ObjectNode o = target.addObject();
      o.put("method", entry.method());
      if (entry.guide() != null) {
        o.put("guide", entry.guide());
      }
      if (entry.weights() != null) {
        ArrayNode weights = o.putArray("weights");
        entry.weights().forEach(weights::add);
      }
    }
    return target;
  }

  private static SweepEntry readEntry(JsonNode node, String path, SpecReader r) {
    int errorsBefore = r.errorCount();
    ObjectNode o = r.object(node, path);
    if (o == null) {
      return null;
    }
    r.rejectUnknown(o, path, FIELDS);
    String method = readMethod(field(o, "method"), child(path, "method"), r);
    JsonNode guideNode = field(o, "guide");
    JsonNode weightsNode = field(o, "weights");
    String guide = null;
    List<Double> weights = null;
    if ("none".equals(method)) {
      if (guideNode != null) {
        r.error(child(path, "guide"), "not allowed for method 'none', which uses no guiding model");
      }
      if (weightsNode != null) {
        r.error(child(path, "weights"), "not allowed for method 'none', which has no weight");
      }
    } else {
      // cfg, or an unknown method whose other fields are still checked so all errors show at once.
      boolean cfg = "cfg".equals(method);
      if (guideNode != null) {
        guide = r.model(guideNode, child(path, "guide"));
      } else if (cfg) {
        r.error(child(path, "guide"), "required for method 'cfg'; give the guiding model's id");
      }
      if (weightsNode != null) {
        weights = readWeights(weightsNode, child(path, "weights"), r);
      } else if (cfg) {
        r.error(
            child(path, "weights"),
            "required for method 'cfg'; give a non-empty array of guidance weights ≥ 0");
      }
    }
    return r.errorCount() > errorsBefore ? null : new SweepEntry(method, guide, weights);
  }

  private static String readMethod(JsonNode node, String path, SpecReader r) {
    if (node == null) {
      r.error(path, "required; " + METHODS_ALLOWED);
      return null;
    }
    if (!node.isTextual()) {
      r.error(path, "must be a string; " + METHODS_ALLOWED + ", got " + SpecReader.describe(node));
      return null;
    }
    String method = node.textValue();
    if (!SpecParser.METHODS.contains(method)) {
      r.error(path, "unknown method " + SpecReader.quote(method) + "; " + METHODS_ALLOWED);
      return null;
    }
    return method;
  }

  private static List<Double> readWeights(JsonNode node, String path, SpecReader r) {
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
    return weights;
  }

  /** Records an error for each point of {@code entry} that an earlier entry already produces. */
  private static void checkNewPoints(
      SweepEntry entry, String path, Map<PointParams, String> seen, SpecReader r) {
    if (entry.weights() == null) {
      PointParams point = new PointParams(entry.method(), entry.guide(), null);
      String earlier = seen.putIfAbsent(point, path);
      if (earlier != null) {
        r.error(path, "repeats the point '" + point.label() + "' of " + earlier);
      }
      return;
    }
    for (int k = 0; k < entry.weights().size(); k++) {
      PointParams point = new PointParams(entry.method(), entry.guide(), entry.weights().get(k));
      String here = index(child(path, "weights"), k);
      String earlier = seen.putIfAbsent(point, here);
      if (earlier != null) {
        r.error(
            here,
            "repeats the point '"
                + point.label()
                + "' with guide "
                + SpecReader.quote(entry.guide())
                + " of "
                + earlier);
      }
    }
  }
}
