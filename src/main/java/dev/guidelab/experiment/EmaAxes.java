package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.guidance.Param;
import dev.guidelab.models.EmaAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The post-hoc EMA axes a sweep entry may range over besides its method's parameters (docs/spec.md,
 * "EMA sweeps"): the main model's EMA width {@code mainEma}, and the guide's training iteration
 * {@code guideIteration} and EMA width {@code guideEma}. Each is one value or a list, a point
 * parameter like the weights; a point asks for the models at those widths by their post-hoc EMA
 * addresses ({@link EmaAddress}), so a point of {@code "guideEma": 0.05} computes what one naming
 * its guide {@code <guide>@ema=0.05} does.
 *
 * <p>The axes are stored among the entry's top-level parameters (in the order of {@link #FIELDS}),
 * so they are written, expanded and counted as parameters are; {@link #take} removes them from a
 * point's chosen values before its method sees them.
 */
public final class EmaAxes {

  static final String MAIN = "mainEma";
  static final String GUIDE_ITERATION = "guideIteration";
  static final String GUIDE = "guideEma";

  /** The axes in canonical order: the main model's, then the guide's iteration and width. */
  static final List<String> FIELDS = List.of(MAIN, GUIDE_ITERATION, GUIDE);

  /** One point's values on the axes; null where its entry does not give that axis. */
  public record Chosen(Double main, Integer guideIteration, Double guide) {

    /** A point of an entry without EMA axes. */
    static final Chosen NONE = new Chosen(null, null, null);

    /** The label suffix naming them, e.g. {@code " ema_m=0.05 it_g=512 ema_g=0.1"}, or "". */
    public String label() {
      StringBuilder label = new StringBuilder();
      if (main != null) {
        label.append(" ema_m=").append(Numbers.format(main));
      }
      if (guideIteration != null) {
        label.append(" it_g=").append(guideIteration);
      }
      if (guide != null) {
        label.append(" ema_g=").append(Numbers.format(guide));
      }
      return label.toString();
    }

    /** The main model a point of these values samples with: {@code main} at {@link #main}. */
    public String mainAt(String main) {
      return this.main == null ? main : EmaAddress.id(main, OptionalLong.empty(), this.main);
    }

    /** The guide a point of these values is guided by: {@code guide} at its iteration and width. */
    String guideAt(String guide) {
      return this.guide == null ? guide : EmaAddress.id(guide, iteration(), this.guide);
    }

    private OptionalLong iteration() {
      return guideIteration == null ? OptionalLong.empty() : OptionalLong.of(guideIteration);
    }
  }

  private EmaAxes() {}

  /** Removes the axes' values from a point's chosen top-level values and returns them. */
  static Chosen take(Map<String, Object> chosen) {
    return new Chosen(
        (Double) chosen.remove(MAIN),
        (Integer) chosen.remove(GUIDE_ITERATION),
        (Double) chosen.remove(GUIDE));
  }

  /**
   * Reads the axes entry {@code o} gives, each checked against the models it addresses: every width
   * must be one reconstruction offers, the main model and every guide must have a snapshot family,
   * and every iteration must be one the guide's family stored.
   *
   * @param guides the entry's guide parameters that are given, by their path, with their values
   * @param main the spec's main model, or null if it is missing (reported elsewhere)
   * @return the axes given, in {@link #FIELDS} order; null if any was wrong
   */
  static Map<String, List<Object>> read(
      ObjectNode o, String path, Map<String, List<Object>> guides, String main, SpecReader r) {
    int errorsBefore = r.errorCount();
    List<Object> mainWidths = widths(o, path, MAIN, r);
    List<Object> iterations =
        values(
            o,
            path,
            GUIDE_ITERATION,
            r,
            (node, at) -> {
              Long it = r.integer(node, at, 1, Integer.MAX_VALUE, "must be an iteration ≥ 1");
              return it == null ? null : Math.toIntExact(it);
            });
    List<Object> guideWidths = widths(o, path, GUIDE, r);
    if (r.errorCount() > errorsBefore) {
      return null;
    }
    if (mainWidths != null && main != null) {
      String at = child(path, MAIN);
      if (EmaAddress.isAddress(main)) {
        r.error(
            at,
            "main " + SpecReader.quote(main) + " is already a post-hoc EMA address; " + ON_NAME);
      } else {
        addressable(EmaAddress.id(main, OptionalLong.empty(), (Double) mainWidths.get(0)), at, r);
      }
    }
    if (iterations != null && guideWidths == null) {
      r.error(
          child(path, GUIDE_ITERATION),
          "needs guideEma: a guide at a stored iteration is a post-hoc EMA reconstruction of some"
              + " width");
    }
    if (guideWidths != null) {
      checkGuides(path, guides, iterations, (Double) guideWidths.get(0), r);
    }
    if (r.errorCount() > errorsBefore) {
      return null;
    }
    Map<String, List<Object>> axes = new LinkedHashMap<>();
    for (String name : FIELDS) {
      List<Object> given =
          switch (name) {
            case MAIN -> mainWidths;
            case GUIDE_ITERATION -> iterations;
            default -> guideWidths;
          };
      if (given != null) {
        axes.put(name, given);
      }
    }
    return axes;
  }

  private static final String ON_NAME = "give the axis on a model's own name";

  /**
   * The entry's one guide must have a family storing every iteration asked for. Each guide was read
   * at its address of the first iteration and width ({@link #addressing}), so only the other
   * iterations are left to check.
   */
  private static void checkGuides(
      String path,
      Map<String, List<Object>> guides,
      List<Object> iterations,
      double width,
      SpecReader r) {
    if (guides.size() != 1) {
      r.error(
          child(path, GUIDE),
          guides.isEmpty()
              ? "needs a guiding model; this entry evaluates no separate guide"
              : "addresses one guide; this entry names "
                  + String.join(" and ", guides.keySet())
                  + ": sweep their addresses as values instead");
      return;
    }
    if (iterations == null) {
      return;
    }
    for (Object name : guides.values().iterator().next()) {
      for (int k = 1; k < iterations.size(); k++) {
        long it = (Integer) iterations.get(k);
        String at = index(child(path, GUIDE_ITERATION), k);
        addressable(EmaAddress.id((String) name, OptionalLong.of(it), width), at, r);
      }
    }
  }

  /**
   * How the guide of entry {@code node} is checked while the entry is read, when it gives {@code
   * guideEma}: at its address of the first iteration and width given (or, while those are wrong, of
   * none and the narrowest width offered), so that the guide's existence, snapshot family and
   * condition are checked as for any guide, and the entry may name a family ({@code toy-mlp:A-32})
   * that is no model itself. Null when the entry gives no {@code guideEma}, or not exactly one
   * guide (which {@link #read} reports).
   */
  static UnaryOperator<String> addressing(JsonNode node) {
    JsonNode widths = node.isObject() ? field((ObjectNode) node, GUIDE) : null;
    if (widths == null || rawGuides(node) != 1) {
      return null;
    }
    JsonNode width = widths.isArray() ? widths.path(0) : widths;
    double sigmaRel =
        width.isNumber() && EmaAddress.widthProblem(width.doubleValue()).isEmpty()
            ? width.doubleValue()
            : EmaAddress.NARROWEST;
    JsonNode iterations = field((ObjectNode) node, GUIDE_ITERATION);
    JsonNode iteration =
        iterations == null ? null : iterations.isArray() ? iterations.path(0) : iterations;
    OptionalLong at =
        iteration != null
                && iteration.canConvertToLong()
                && iteration.isIntegralNumber()
                && iteration.longValue() >= 1
            ? OptionalLong.of(iteration.longValue())
            : OptionalLong.empty();
    return guide -> EmaAddress.id(guide, at, sigmaRel);
  }

  /** How many guide parameters the entry {@code node} and the methods it wraps give. */
  private static int rawGuides(JsonNode node) {
    int count = 0;
    for (JsonNode level = node; level != null && level.isObject(); ) {
      JsonNode name = field((ObjectNode) level, "method");
      GuidanceMethod method =
          name == null ? null : GuidanceMethods.named(name.asText()).orElse(null);
      if (method == null) {
        break;
      }
      for (Param p : method.params()) {
        if (p.kind() == Param.Kind.MODEL && field((ObjectNode) level, p.name()) != null) {
          count++;
        }
      }
      level = field((ObjectNode) level, GuidanceMethod.INNER);
    }
    return count;
  }

  /**
   * One guide of an entry that gives {@code guideEma}: a model or family name, checked at {@code
   * guideAt}'s address, which it is kept as while the entry is read ({@link #base} recovers it).
   */
  static Object readGuide(JsonNode node, String path, UnaryOperator<String> guideAt, SpecReader r) {
    if (node.isTextual() && EmaAddress.isAddress(node.textValue())) {
      r.error(
          path,
          SpecReader.quote(node.textValue()) + " is already a post-hoc EMA address; " + ON_NAME);
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      return r.model(node, path); // says what a model id must be
    }
    return r.model(TextNode.valueOf(guideAt.apply(node.textValue())), path);
  }

  /** The name an address read by {@link #readGuide} was made from. */
  static String base(String address) {
    return address.substring(0, address.indexOf(EmaAddress.SEPARATOR));
  }

  /** Records at {@code path} why {@code address} names no reconstruction, if it does not. */
  private static void addressable(String address, String path, SpecReader r) {
    r.model(TextNode.valueOf(address), path);
  }

  /** An EMA width axis: one σ_rel or a list, each offered by reconstruction. */
  private static List<Object> widths(ObjectNode o, String path, String name, SpecReader r) {
    return values(
        o,
        path,
        name,
        r,
        (node, at) -> {
          Double width = r.number(node, at);
          if (width == null) {
            return null;
          }
          var problem = EmaAddress.widthProblem(width);
          problem.ifPresent(p -> r.error(at, p));
          return problem.isPresent() ? null : width;
        });
  }

  private static List<Object> values(
      ObjectNode o, String path, String name, SpecReader r, SweepEntryReader.Value value) {
    JsonNode node = field(o, name);
    return node == null ? null : SweepEntryReader.readValues(node, child(path, name), r, value);
  }
}
