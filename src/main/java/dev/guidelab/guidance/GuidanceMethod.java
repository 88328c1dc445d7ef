package dev.guidelab.guidance;

import java.util.List;

/**
 * One guidance method a sweep entry may name, declared in one class (the implementations in {@code
 * dev.guidelab.guidance.methods}): its name, its parameters with kinds, defaults, ranges and hints
 * (read by the spec parser, {@code GET /api/methods} and the dashboard's form), the rules between
 * its parameters, and how one choice of parameter values becomes a point ({@link GuidanceParams},
 * which builds its own denoiser and label).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}, in the order of {@code
 * META-INF/services/dev.guidelab.guidance.GuidanceMethod} (the documentation order); see {@link
 * GuidanceMethods}.
 */
public interface GuidanceMethod {

  /** The field a sweep entry gives the guidance weights in; always a list. */
  String WEIGHTS = "weights";

  /** The field holding a wrapped method. */
  String INNER = "inner";

  /** What a method does with weights and inner methods. */
  enum Role {
    /** No guide, no weight ({@code none}). */
    PLAIN,
    /** Combines denoisers with a guidance weight w. */
    WEIGHTED,
    /** Wraps another method given as {@code inner}; the weight belongs to the innermost one. */
    WRAPPER
  }

  /**
   * Values of {@code lo} must lie below those of {@code hi}: strictly, or {@code ≤} when not.
   * Checked for every combination when the parameters are swept.
   */
  record Order(String lo, String hi, boolean strict) {

    public static Order below(String lo, String hi) {
      return new Order(lo, hi, true);
    }

    public static Order notAbove(String lo, String hi) {
      return new Order(lo, hi, false);
    }
  }

  /** The name a spec uses, e.g. {@code cfg}. */
  String name();

  /** What people call it, e.g. {@code classifier-free guidance}. */
  String title();

  Role role();

  /**
   * The parameters in canonical order, without {@code method}, {@code inner} and {@code weights}.
   */
  List<Param> params();

  /** The type of this method's points, for JSON. */
  Class<? extends GuidanceParams> pointType();

  /**
   * One point from one value of every parameter given (absent optional ones are missing from {@code
   * values}), the wrapped point of a wrapper and the weight of a weighted method.
   */
  GuidanceParams point(Values values, GuidanceParams inner, Double weight);

  /** Whether the method changes the condition, so the main model must take one. */
  default boolean needsConditionalMain() {
    return false;
  }

  /**
   * Whether the method changes the network's noise embedding, which Guidelab's toy networks expose
   * and TorchScript image denoisers (called with σ) do not.
   */
  default boolean needsNoiseEmbedding() {
    return false;
  }

  /** For a wrapper: whether it may wrap {@code inner}. */
  default boolean wraps(GuidanceMethod inner) {
    return false;
  }

  /** Order rules between parameters. */
  default List<Order> orders() {
    return List.of();
  }

  /**
   * Rules between parameters that {@link #orders()} cannot say (e.g. which of two keyings is
   * given); reported through {@code entry}.
   */
  default void check(EntryCheck entry) {}

  /** Every field an entry of this method may have, in canonical order. */
  default List<String> fields() {
    List<String> fields = new java.util.ArrayList<>();
    fields.add("method");
    if (role() == Role.WRAPPER) {
      fields.add(INNER);
    }
    params().forEach(p -> fields.add(p.name()));
    if (role() != Role.PLAIN) {
      fields.add(WEIGHTS);
    }
    return fields;
  }

  /** What a method's own {@link #check} sees of one sweep entry, and where it reports. */
  interface EntryCheck {

    /** Whether the entry gives parameter {@code name}. */
    boolean given(String name);

    /** Records a problem at parameter {@code name}, or at the entry itself when null. */
    void error(String name, String message);
  }
}
