package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.guidance.spec.GuidanceParams;
import java.util.List;
import java.util.Map;

/**
 * Rules of a sweep entry that involve more than one parameter: the guidance interval's keying and
 * bounds, CADS's {@code τ1 < τ2}, and that autoguidance guides take a condition exactly when the
 * main model does. With swept parameters every combination must satisfy them; a value that fails
 * against some value of the other parameter is reported at its own index.
 */
final class CrossChecks {

  private CrossChecks() {}

  /**
   * @param o the entry's JSON object
   * @param values the parameters read without error so far
   */
  static void check(
      ObjectNode o,
      String path,
      String method,
      Map<String, List<Object>> values,
      SweepSection.Context ctx,
      SpecReader r) {
    switch (method) {
      case GuidanceParams.INTERVAL -> interval(o, path, values, r);
      case GuidanceParams.CADS -> below(o, path, values, "tau1", "tau2", r);
      case GuidanceParams.AUTOGUIDANCE -> sameConditioning(o, path, "guide", values, ctx, r);
      case GuidanceParams.BLEND -> sameConditioning(o, path, "autoGuide", values, ctx, r);
      default -> {}
    }
  }

  /** Exactly one keying, given completely, with lower bounds below upper bounds. */
  private static void interval(
      ObjectNode o, String path, Map<String, List<Object>> values, SpecReader r) {
    boolean bySigma = field(o, "sigmaLo") != null || field(o, "sigmaHi") != null;
    boolean bySteps = field(o, "stepFrom") != null || field(o, "stepTo") != null;
    if (!bySigma && !bySteps) {
      r.error(
          path,
          "give the interval as sigmaLo and sigmaHi (noise levels; guided where sigmaLo < σ ≤"
              + " sigmaHi) or as stepFrom and stepTo (step indices; guided where stepFrom ≤ i ≤"
              + " stepTo)");
    } else if (bySigma && bySteps) {
      String stepField = field(o, "stepFrom") != null ? "stepFrom" : "stepTo";
      r.error(
          child(path, stepField),
          "not allowed together with sigmaLo/sigmaHi; key the interval on noise levels or on"
              + " steps, not both");
    } else if (bySigma) {
      pair(o, path, "sigmaLo", "sigmaHi", r);
      below(o, path, values, "sigmaLo", "sigmaHi", r);
    } else {
      pair(o, path, "stepFrom", "stepTo", r);
      notAbove(o, path, values, "stepFrom", "stepTo", r);
    }
  }

  private static void pair(ObjectNode o, String path, String lo, String hi, SpecReader r) {
    if (field(o, lo) == null) {
      r.error(child(path, lo), "required together with " + hi);
    } else if (field(o, hi) == null) {
      r.error(child(path, hi), "required together with " + lo);
    }
  }

  /** Every value of {@code lo} must be &lt; every value of {@code hi}. */
  private static void below(
      ObjectNode o,
      String path,
      Map<String, List<Object>> values,
      String lo,
      String hi,
      SpecReader r) {
    compare(o, path, values, lo, hi, true, r);
  }

  /** Every value of {@code lo} must be ≤ every value of {@code hi}. */
  private static void notAbove(
      ObjectNode o,
      String path,
      Map<String, List<Object>> values,
      String lo,
      String hi,
      SpecReader r) {
    compare(o, path, values, lo, hi, false, r);
  }

  private static void compare(
      ObjectNode o,
      String path,
      Map<String, List<Object>> values,
      String lo,
      String hi,
      boolean strict,
      SpecReader r) {
    List<Object> los = values.get(lo);
    List<Object> his = values.get(hi);
    if (los == null || his == null) {
      return;
    }
    double minHi = his.stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow();
    boolean swept = isArray(field(o, lo));
    for (int k = 0; k < los.size(); k++) {
      double value = ((Number) los.get(k)).doubleValue();
      if (strict ? value >= minHi : value > minHi) {
        r.error(
            swept ? index(child(path, lo), k) : child(path, lo),
            "must be "
                + (strict ? "<" : "≤")
                + " "
                + hi
                + " ("
                + Numbers.format(minHi)
                + "), got "
                + Numbers.format(value));
      }
    }
  }

  private static boolean isArray(JsonNode node) {
    return node != null && node.isArray();
  }

  /** An autoguidance guide sees the main model's condition, so it must take one iff main does. */
  private static void sameConditioning(
      ObjectNode o,
      String path,
      String name,
      Map<String, List<Object>> values,
      SweepSection.Context ctx,
      SpecReader r) {
    List<Object> guides = values.get(name);
    if (guides == null || ctx.mainConditional() == null) {
      return;
    }
    boolean swept = isArray(field(o, name));
    for (int k = 0; k < guides.size(); k++) {
      String guide = (String) guides.get(k);
      if (r.models().conditional(guide) != ctx.mainConditional()) {
        r.error(
            swept ? index(child(path, name), k) : child(path, name),
            "is evaluated with the main model's condition, so it must "
                + (ctx.mainConditional() ? "take a condition like" : "be unconditional like")
                + " main "
                + SpecReader.quote(ctx.main())
                + "; "
                + SpecReader.quote(guide)
                + (ctx.mainConditional() ? " takes none" : " takes one"));
      }
    }
  }
}
