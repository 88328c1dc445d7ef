package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;
import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.Param;
import dev.guidelab.models.ImageShape;
import java.util.List;
import java.util.Map;

/**
 * Rules of a sweep entry that involve more than one parameter, as its {@link GuidanceMethod}
 * declares them: its own {@link GuidanceMethod#check} (e.g. the guidance interval's keying), the
 * order of parameters ({@link GuidanceMethod#orders()}, e.g. CADS's {@code τ1 < τ2}), and what each
 * guide's {@link Param.GuideRole} requires of it against the main model: an autoguidance guide
 * takes a condition exactly when the main model does, and a class-conditional image guide has the
 * main model's classes. With swept parameters every combination must satisfy them; a value that
 * fails against some value of the other parameter is reported at its own index.
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
      GuidanceMethod method,
      Map<String, List<Object>> values,
      SweepSection.Context ctx,
      SpecReader r) {
    method.check(
        new GuidanceMethod.EntryCheck() {
          @Override
          public boolean given(String name) {
            return field(o, name) != null;
          }

          @Override
          public void error(String name, String message) {
            r.error(name == null ? path : child(path, name), message);
          }
        });
    for (GuidanceMethod.Order order : method.orders()) {
      compare(o, path, values, order.lo(), order.hi(), order.strict(), r);
    }
    for (Param p : method.params()) {
      if (p.guide() == Param.GuideRole.NULL_CONDITION) {
        forEachGuide(o, path, p.name(), values, (g, at) -> nullConditionGuide(g, at, ctx, r));
      } else if (p.guide() == Param.GuideRole.SAME_CONDITION) {
        forEachGuide(o, path, p.name(), values, (g, at) -> sameConditioning(g, at, ctx, r));
      }
    }
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
