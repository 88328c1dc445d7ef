package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.guidance.spec.GuidanceParams;
import dev.guidelab.models.ImageShape;
import java.util.List;
import java.util.Map;

/**
 * Rules of a sweep entry that involve more than one parameter: the guidance interval's keying and
 * bounds, CADS's {@code τ1 < τ2}, that autoguidance guides take a condition exactly when the main
 * model does, and that a class-conditional image guide has the main model's classes. With swept
 * parameters every combination must satisfy them; a value that fails against some value of the
 * other parameter is reported at its own index.
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
      case GuidanceParams.CFG, GuidanceParams.APG ->
          forEachGuide(o, path, "guide", values, (g, at) -> nullConditionGuide(g, at, ctx, r));
      case GuidanceParams.AUTOGUIDANCE ->
          forEachGuide(o, path, "guide", values, (g, at) -> sameConditioning(g, at, ctx, r));
      case GuidanceParams.BLEND -> {
        forEachGuide(o, path, "cfgGuide", values, (g, at) -> nullConditionGuide(g, at, ctx, r));
        forEachGuide(o, path, "autoGuide", values, (g, at) -> sameConditioning(g, at, ctx, r));
      }
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

  /**
   * An autoguidance guide sees the main model's condition, so it must take one iff main does, and a
   * class-conditional image guide must take main's one-hot classes.
   */
  private static void sameConditioning(
      String guide, String at, SweepSection.Context ctx, SpecReader r) {
    if (ctx.mainConditional() == null) {
      return;
    }
    int mainClasses = imageClasses(ctx.main(), r);
    if (r.models().conditional(guide) != ctx.mainConditional()) {
      r.error(
          at,
          "is evaluated with the main model's condition, so it must "
              + (ctx.mainConditional() ? "take a condition like" : "be unconditional like")
              + " main "
              + SpecReader.quote(ctx.main())
              + "; "
              + SpecReader.quote(guide)
              + (ctx.mainConditional() ? " takes none" : " takes one"));
    } else if (mainClasses > 0
        && r.models().imageShape(guide).isPresent()
        && imageClasses(guide, r) != mainClasses) {
      r.error(
          at,
          "is evaluated with the main model's class labels, one-hot over the "
              + mainClasses
              + " classes of main "
              + SpecReader.quote(ctx.main())
              + "; "
              + SpecReader.quote(guide)
              + " takes "
              + imageClasses(guide, r)
              + ": the guide must be a model of the same classes");
    }
  }

  /**
   * A CFG guide is evaluated with the null condition: unconditional, or, for a class-conditional
   * image main, a model of the same classes (whose null condition is the unconditional model of the
   * same data); another class set is refused.
   */
  private static void nullConditionGuide(
      String guide, String at, SweepSection.Context ctx, SpecReader r) {
    if (ctx.main() == null) {
      return;
    }
    int mainClasses = imageClasses(ctx.main(), r);
    int guideClasses = imageClasses(guide, r);
    if (mainClasses > 0 && guideClasses > 0 && guideClasses != mainClasses) {
      r.error(
          at,
          "is evaluated with the null condition, so it must be unconditional or have the "
              + mainClasses
              + " classes of main "
              + SpecReader.quote(ctx.main())
              + "; "
              + SpecReader.quote(guide)
              + " has "
              + guideClasses);
    }
  }

  /** What a check does with one guide and the field it is reported at. */
  private interface GuideCheck {
    void check(String guide, String at);
  }

  /** Every guide read for {@code name}, with its field: {@code guide} or {@code guide[k]}. */
  private static void forEachGuide(
      ObjectNode o, String path, String name, Map<String, List<Object>> values, GuideCheck check) {
    List<Object> guides = values.get(name);
    if (guides == null) {
      return;
    }
    boolean swept = isArray(field(o, name));
    for (int k = 0; k < guides.size(); k++) {
      check.check((String) guides.get(k), swept ? index(child(path, name), k) : child(path, name));
    }
  }

  /** The one-hot classes of image model {@code id}, or 0 for a toy or unconditional model. */
  private static int imageClasses(String id, SpecReader r) {
    return r.models().imageShape(id).map(ImageShape::classes).orElse(0);
  }
}
