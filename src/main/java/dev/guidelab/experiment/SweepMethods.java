package dev.guidelab.experiment;

import dev.guidelab.guidance.spec.ApgParams;
import dev.guidelab.guidance.spec.AutoguidanceParams;
import dev.guidelab.guidance.spec.BlendParams;
import dev.guidelab.guidance.spec.CadsParams;
import dev.guidelab.guidance.spec.CfgParams;
import dev.guidelab.guidance.spec.GuidanceParams;
import dev.guidelab.guidance.spec.IcgParams;
import dev.guidelab.guidance.spec.IcgParams.ConditionNoise;
import dev.guidelab.guidance.spec.IntervalParams;
import dev.guidelab.guidance.spec.NoneParams;
import dev.guidelab.guidance.spec.TsgParams;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The guidance methods a sweep entry may name, as data: each method's parameters in canonical
 * order, their kinds, ranges and defaults (docs/sampling-and-guidance.md §2), and how one choice of
 * values becomes a {@link GuidanceParams} point. {@link SweepSection} reads and checks entries
 * against this table; cross-parameter rules (interval keying, τ1 &lt; τ2) live there.
 */
final class SweepMethods {

  /** The field holding the guidance weights; always last, always an array. */
  static final String WEIGHTS = "weights";

  /** The field holding a wrapped method. */
  static final String INNER = "inner";

  /** What a parameter's values are. */
  enum Kind {
    /** A model id of the catalog, a {@code String}. */
    MODEL,
    /** A finite number, a {@code Double}. */
    NUMBER,
    /** A sampling step index {@code 0..steps−1}, an {@code Integer}. */
    STEP,
    /** One of {@link Param#choices}, a {@code String}. */
    CHOICE,
    /** {@code true} or {@code false}, a {@code Boolean}. */
    BOOLEAN
  }

  /** Whether a parameter may be left out. */
  enum Presence {
    REQUIRED,
    /** Absent means {@link Param#fallback}. */
    DEFAULTED,
    /** Absent means null; cross-parameter rules decide what is needed. */
    OPTIONAL,
    /** A CFG guide: optional on a conditional main model (the main model with c = ∅). */
    UNLESS_CONDITIONAL
  }

  /** What a method does with weights and inner methods. */
  enum Role {
    /** {@code none}: no guide, no weight. */
    PLAIN,
    /** Combines denoisers with a guidance weight w. */
    WEIGHTED,
    /** Wraps another method given as {@code inner}; the weight belongs to the innermost one. */
    WRAPPER
  }

  /** A range check of a numeric value: what is wrong, or null when fine. */
  interface Check {
    String problem(double value);

    Check ANY = v -> null;
    Check POSITIVE = v -> v > 0 ? null : "must be > 0";
    Check NON_NEGATIVE = v -> v >= 0 ? null : "must be ≥ 0";
    Check UNIT = v -> 0 <= v && v <= 1 ? null : "must be in [0, 1]";
    Check OPEN_UNIT_BALL = v -> -1 < v && v < 1 ? null : "must be in (−1, 1)";
  }

  /**
   * One parameter of a method.
   *
   * @param hint what the parameter is, for "required" messages
   */
  record Param(
      String name,
      Kind kind,
      Presence presence,
      Object fallback,
      Check check,
      List<String> choices,
      String hint) {}

  /** Builds one point from the chosen value of every parameter, the inner point and the weight. */
  interface Builder {
    GuidanceParams build(Map<String, Object> v, GuidanceParams inner, Double weight);
  }

  /**
   * A method.
   *
   * @param params parameters in canonical order, without {@code method}, {@code inner} and {@code
   *     weights}
   * @param needsConditionalMain whether the main model must take a condition
   */
  record Method(
      String name, Role role, List<Param> params, boolean needsConditionalMain, Builder builder) {

    /** Every field an entry of this method may have, in canonical order. */
    List<String> fields() {
      List<String> fields = new java.util.ArrayList<>();
      fields.add("method");
      if (role == Role.WRAPPER) {
        fields.add(INNER);
      }
      params.forEach(p -> fields.add(p.name()));
      if (role != Role.PLAIN) {
        fields.add(WEIGHTS);
      }
      return fields;
    }
  }

  private static final List<String> CONDITION_NOISES =
      Arrays.stream(ConditionNoise.values()).map(ConditionNoise::wireName).toList();

  private static final Map<String, Method> METHODS = table();

  /** Methods that {@code interval} may wrap: the ones that evaluate a guide. */
  static final List<String> INTERVAL_INNER =
      List.of(
          GuidanceParams.CFG,
          GuidanceParams.AUTOGUIDANCE,
          GuidanceParams.APG,
          GuidanceParams.ICG,
          GuidanceParams.TSG,
          GuidanceParams.BLEND);

  /** Methods that {@code cads} may wrap: any but itself. */
  static final List<String> CADS_INNER =
      GuidanceParams.METHODS.stream().filter(m -> !m.equals(GuidanceParams.CADS)).toList();

  private SweepMethods() {}

  /** The method named {@code name}, or null. */
  static Method method(String name) {
    return METHODS.get(name);
  }

  /** Every method as the API describes it, in documentation order. */
  static List<MethodInfo> describe() {
    return GuidanceParams.METHODS.stream().map(METHODS::get).map(SweepMethods::describe).toList();
  }

  private static MethodInfo describe(Method m) {
    List<String> inner =
        switch (m.name()) {
          case GuidanceParams.INTERVAL -> INTERVAL_INNER;
          case GuidanceParams.CADS -> CADS_INNER;
          default -> List.of();
        };
    return new MethodInfo(
        m.name(),
        m.role().name(),
        m.params().stream()
            .map(
                p ->
                    new MethodInfo.ParamInfo(
                        p.name(),
                        p.kind().name(),
                        p.presence().name(),
                        p.fallback(),
                        p.choices(),
                        p.hint()))
            .toList(),
        m.needsConditionalMain(),
        inner);
  }

  /** Every field name any method takes. */
  static List<String> allFields() {
    return METHODS.values().stream()
        .flatMap(m -> m.fields().stream())
        .distinct()
        .collect(Collectors.toList());
  }

  private static Map<String, Method> table() {
    Map<String, Method> t = new LinkedHashMap<>();
    put(t, new Method(GuidanceParams.NONE, Role.PLAIN, List.of(), false, (v, in, w) -> none()));
    put(
        t,
        new Method(
            GuidanceParams.CFG,
            Role.WEIGHTED,
            List.of(cfgGuide("guide")),
            false,
            (v, in, w) -> new CfgParams((String) v.get("guide"), w)));
    put(
        t,
        new Method(
            GuidanceParams.AUTOGUIDANCE,
            Role.WEIGHTED,
            List.of(model("guide", "the id of the degraded guiding model")),
            false,
            (v, in, w) -> new AutoguidanceParams((String) v.get("guide"), w)));
    put(
        t,
        new Method(
            GuidanceParams.INTERVAL,
            Role.WRAPPER,
            List.of(
                number("sigmaLo", Presence.OPTIONAL, null, Check.POSITIVE, "σ_lo > 0"),
                number("sigmaHi", Presence.OPTIONAL, null, Check.POSITIVE, "σ_hi > σ_lo"),
                step("stepFrom"),
                step("stepTo")),
            false,
            (v, in, w) ->
                new IntervalParams(
                    in,
                    (Double) v.get("sigmaLo"),
                    (Double) v.get("sigmaHi"),
                    (Integer) v.get("stepFrom"),
                    (Integer) v.get("stepTo"))));
    put(
        t,
        new Method(
            GuidanceParams.APG,
            Role.WEIGHTED,
            List.of(
                cfgGuide("guide"),
                number("eta", Presence.DEFAULTED, 0.0, Check.ANY, "η"),
                number("normThreshold", Presence.DEFAULTED, 0.0, Check.NON_NEGATIVE, "r ≥ 0"),
                number("momentum", Presence.DEFAULTED, 0.0, Check.OPEN_UNIT_BALL, "β")),
            false,
            (v, in, w) ->
                new ApgParams(
                    (String) v.get("guide"),
                    (Double) v.get("eta"),
                    (Double) v.get("normThreshold"),
                    (Double) v.get("momentum"),
                    w)));
    put(
        t,
        new Method(
            GuidanceParams.ICG,
            Role.WEIGHTED,
            List.of(
                new Param(
                    "conditionNoise",
                    Kind.CHOICE,
                    Presence.DEFAULTED,
                    ConditionNoise.RANDOM_CLASS.wireName(),
                    Check.ANY,
                    CONDITION_NOISES,
                    "how the independent condition is drawn")),
            true,
            (v, in, w) ->
                new IcgParams(ConditionNoise.fromWireName((String) v.get("conditionNoise")), w)));
    put(
        t,
        new Method(
            GuidanceParams.TSG,
            Role.WEIGHTED,
            List.of(
                number("scale", Presence.REQUIRED, null, Check.NON_NEGATIVE, "the scale s ≥ 0"),
                number("alpha", Presence.REQUIRED, null, Check.ANY, "the exponent α of σ")),
            false,
            (v, in, w) -> new TsgParams((Double) v.get("scale"), (Double) v.get("alpha"), w)));
    put(
        t,
        new Method(
            GuidanceParams.CADS,
            Role.WRAPPER,
            List.of(
                number("tau1", Presence.DEFAULTED, CadsParams.DEFAULT_TAU1, Check.UNIT, "τ1"),
                number("tau2", Presence.DEFAULTED, CadsParams.DEFAULT_TAU2, Check.UNIT, "τ2"),
                number(
                    "noiseScale",
                    Presence.DEFAULTED,
                    CadsParams.DEFAULT_NOISE_SCALE,
                    Check.NON_NEGATIVE,
                    "s"),
                number("psi", Presence.DEFAULTED, CadsParams.DEFAULT_PSI, Check.UNIT, "ψ"),
                new Param("rescale", Kind.BOOLEAN, Presence.DEFAULTED, true, Check.ANY, null, "")),
            true,
            (v, in, w) ->
                new CadsParams(
                    in,
                    (Double) v.get("tau1"),
                    (Double) v.get("tau2"),
                    (Double) v.get("noiseScale"),
                    (Double) v.get("psi"),
                    (Boolean) v.get("rescale"))));
    put(
        t,
        new Method(
            GuidanceParams.BLEND,
            Role.WEIGHTED,
            List.of(
                cfgGuide("cfgGuide"),
                model("autoGuide", "the id of the degraded (autoguidance) guiding model"),
                number(
                    "mix",
                    Presence.REQUIRED,
                    null,
                    Check.UNIT,
                    "the autoguidance share in [0, 1]")),
            false,
            (v, in, w) ->
                new BlendParams(
                    (String) v.get("cfgGuide"),
                    (String) v.get("autoGuide"),
                    (Double) v.get("mix"),
                    w)));
    return t;
  }

  private static void put(Map<String, Method> t, Method m) {
    t.put(m.name(), m);
  }

  private static NoneParams none() {
    return new NoneParams();
  }

  private static Param cfgGuide(String name) {
    return new Param(
        name,
        Kind.MODEL,
        Presence.UNLESS_CONDITIONAL,
        null,
        Check.ANY,
        null,
        "give the unconditional guiding model's id");
  }

  private static Param model(String name, String hint) {
    return new Param(name, Kind.MODEL, Presence.REQUIRED, null, Check.ANY, null, hint);
  }

  private static Param number(
      String name, Presence presence, Double fallback, Check check, String hint) {
    return new Param(name, Kind.NUMBER, presence, fallback, check, null, hint);
  }

  private static Param step(String name) {
    return new Param(name, Kind.STEP, Presence.OPTIONAL, null, Check.ANY, null, "a step index");
  }
}
