package dev.guidelab.experiment;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a spec's {@code sweep} in canonical form: a guidance method with the values to try
 * for each of its parameters, an optional wrapped method, and the guidance weights.
 *
 * <p>Every parameter maps to its values in spec order: one value when fixed, several when swept.
 * Defaults are filled in; parameters that are absent and have no default (a CFG guide on a
 * conditional main model, the unused interval keying) are left out. Values are {@code String}
 * (model ids, choices), {@code Double} (numbers), {@code Integer} (step indices) or {@code
 * Boolean}. The entry expands to the cartesian product of its values: see {@link #points()}. The
 * EMA axes ({@link EmaAxes}) are stored as the top level's last parameters.
 *
 * @param method guidance method, one of {@link GuidanceMethods#names()}
 * @param parameters the method's parameters (without {@code method}, {@code inner} and {@code
 *     weights}) in canonical order, each with its values
 * @param inner the wrapped method of {@code interval} and {@code cads}, else null; never has
 *     weights
 * @param weights guidance weights in spec order, for methods with a weight (also when it belongs to
 *     the wrapped method); null for {@code none} and for wrapped entries
 */
public record SweepEntry(
    String method, Map<String, List<Object>> parameters, SweepEntry inner, List<Double> weights) {

  public SweepEntry {
    Objects.requireNonNull(method, "method");
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    parameters = Collections.unmodifiableMap(copy);
    weights = weights == null ? null : List.copyOf(weights);
  }

  /**
   * An entry without parameters or inner method, e.g. {@code none} or {@code cfg} on a conditional
   * main.
   */
  public static SweepEntry of(String method, List<Double> weights) {
    return new SweepEntry(method, Map.of(), null, weights);
  }

  /** The values of parameter {@code name}, or null when the entry leaves it out. */
  public List<Object> values(String name) {
    return parameters.get(name);
  }

  /** The one value of parameter {@code name}, or null when absent; fails if it is swept. */
  public Object value(String name) {
    List<Object> values = parameters.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() != 1) {
      throw new IllegalStateException(name + " is swept over " + values);
    }
    return values.get(0);
  }

  /**
   * One point of an entry.
   *
   * @param guidance its guidance, its guide addressed at the point's EMA axes
   * @param ema its values on the EMA axes
   * @param named the guides as the entry names them, before an EMA axis addresses them
   */
  public record Point(GuidanceParams guidance, EmaAxes.Chosen ema, List<String> named) {

    /** The point's label: its guidance's, then its EMA axes ({@code cfg w=2 ema_g=0.05}). */
    public String label() {
      return guidance.label() + ema.label();
    }
  }

  /**
   * The entry's points: the cartesian product of all values. Axes are ordered as in canonical JSON
   * (this entry's parameters in field order, its EMA axes, then the inner entry's parameters, then
   * the weights), and the last axis varies fastest. So {@code
   * {"method":"apg","eta":[0,0.5],"weights":[2,4]}} gives {@code (η 0, w 2), (η 0, w 4), (η 0.5, w
   * 2), (η 0.5, w 4)}: all weights of one parameter setting are adjacent, one curve per setting.
   */
  public List<Point> points() {
    List<SweepEntry> chain = new ArrayList<>(); // outermost first
    List<List<?>> values = new ArrayList<>(); // one axis per parameter, then the weights
    for (SweepEntry level = this; level != null; level = level.inner) {
      values.addAll(level.parameters.values());
      chain.add(level);
    }
    if (weights != null) {
      values.add(weights);
    }
    List<Point> points = new ArrayList<>();
    int[] choice = new int[values.size()];
    while (true) {
      points.add(point(chain, values, choice, weights != null));
      // Odometer: advance the last axis, carrying leftwards.
      int a = choice.length - 1;
      while (a >= 0 && ++choice[a] == values.get(a).size()) {
        choice[a--] = 0;
      }
      if (a < 0) {
        return List.copyOf(points);
      }
    }
  }

  private static Point point(
      List<SweepEntry> chain, List<List<?>> values, int[] choice, boolean weighted) {
    Double w =
        weighted ? (Double) values.get(values.size() - 1).get(choice[choice.length - 1]) : null;
    // Chosen value of each parameter, per level.
    List<Map<String, Object>> chosen = new ArrayList<>();
    int axis = 0;
    for (SweepEntry level : chain) {
      Map<String, Object> v = new HashMap<>();
      for (String name : level.parameters.keySet()) {
        v.put(name, values.get(axis).get(choice[axis]));
        axis++;
      }
      chosen.add(v);
    }
    EmaAxes.Chosen ema = EmaAxes.take(chosen.get(0));
    // Build from the innermost method outwards; the weight belongs to the innermost.
    List<String> named = new ArrayList<>();
    GuidanceParams inner = null;
    for (int l = chain.size() - 1; l >= 0; l--) {
      GuidanceMethod method = GuidanceMethods.named(chain.get(l).method()).orElseThrow();
      Map<String, Object> level = chosen.get(l);
      for (Param p : method.params()) {
        if (p.kind() == Param.Kind.MODEL && level.get(p.name()) instanceof String guide) {
          named.add(guide);
          level.put(p.name(), ema.guideAt(guide));
        }
      }
      inner = method.point(new Values(level), inner, l == chain.size() - 1 ? w : null);
    }
    return new Point(inner, ema, named);
  }
}
