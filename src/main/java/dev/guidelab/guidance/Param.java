package dev.guidelab.guidance;

import java.util.List;

/**
 * One parameter of a {@link GuidanceMethod}, declared once: the spec parser checks values against
 * it, {@code GET /api/methods} describes it and the dashboard builds its form field from it. In a
 * spec every parameter may be one value or a list of values to sweep over.
 *
 * @param kind what the values are
 * @param presence whether the parameter may be left out
 * @param fallback the value of an absent {@link Presence#DEFAULTED} parameter, else null
 * @param range the allowed numbers of a {@link Kind#NUMBER}, else {@link Range#ANY}
 * @param choices the allowed values of a {@link Kind#CHOICE}, else null
 * @param guide for a {@link Kind#MODEL}: the condition the guide is evaluated with, else null
 * @param hint what the parameter is, for forms and "required" messages
 */
public record Param(
    String name,
    Kind kind,
    Presence presence,
    Object fallback,
    Range range,
    List<String> choices,
    GuideRole guide,
    String hint) {

  /** What a parameter's values are. */
  public enum Kind {
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
  public enum Presence {
    REQUIRED,
    /** Absent means {@link Param#fallback}. */
    DEFAULTED,
    /** Absent means null; the method's own rules decide what is needed. */
    OPTIONAL,
    /** A CFG guide: optional on a conditional main model (the main model with c = ∅). */
    UNLESS_CONDITIONAL
  }

  /** How a guide is evaluated, which decides which models may be guides. */
  public enum GuideRole {
    /**
     * With the null condition (CFG): unconditional, or for a class-conditional image main a model
     * of the same classes.
     */
    NULL_CONDITION,
    /**
     * With the main model's condition (autoguidance): conditional exactly when main is, and of
     * main's classes.
     */
    SAME_CONDITION
  }

  /** The numbers a {@link Kind#NUMBER} allows. */
  public enum Range {
    ANY(null),
    POSITIVE("> 0"),
    NON_NEGATIVE("≥ 0"),
    UNIT("in [0, 1]"),
    OPEN_UNIT_BALL("in (−1, 1)");

    private final String rule;

    Range(String rule) {
      this.rule = rule;
    }

    /** {@code > 0}, {@code in [0, 1]}, …, or null for {@link #ANY}. */
    public String rule() {
      return rule;
    }

    /** What is wrong with {@code value} ({@code must be > 0}), or null when it is allowed. */
    public String problem(double value) {
      boolean allowed =
          switch (this) {
            case ANY -> true;
            case POSITIVE -> value > 0;
            case NON_NEGATIVE -> value >= 0;
            case UNIT -> 0 <= value && value <= 1;
            case OPEN_UNIT_BALL -> -1 < value && value < 1;
          };
      return allowed ? null : "must be " + rule;
    }
  }

  /** A guiding model. */
  public static Param guide(String name, GuideRole role, Presence presence, String hint) {
    return new Param(name, Kind.MODEL, presence, null, Range.ANY, null, role, hint);
  }

  /** A number, required or optional ({@code fallback} null) or defaulted. */
  public static Param number(
      String name, Presence presence, Double fallback, Range range, String hint) {
    return new Param(name, Kind.NUMBER, presence, fallback, range, null, null, hint);
  }

  /** An optional sampling step index. */
  public static Param step(String name) {
    return new Param(
        name, Kind.STEP, Presence.OPTIONAL, null, Range.ANY, null, null, "a step index");
  }

  /** One of {@code choices}, {@code fallback} when absent. */
  public static Param choice(String name, String fallback, List<String> choices, String hint) {
    return new Param(
        name,
        Kind.CHOICE,
        Presence.DEFAULTED,
        fallback,
        Range.ANY,
        List.copyOf(choices),
        null,
        hint);
  }

  /** A flag, {@code fallback} when absent. */
  public static Param flag(String name, boolean fallback, String hint) {
    return new Param(name, Kind.BOOLEAN, Presence.DEFAULTED, fallback, Range.ANY, null, null, hint);
  }
}
