package dev.guidelab.experiment;

import java.util.List;

/**
 * A guidance method a sweep entry may name, as {@code GET /api/methods} describes it, so a client
 * builds its form from the same table the server validates against.
 *
 * @param role {@code PLAIN} (no guide, no weight), {@code WEIGHTED} (combines denoisers with
 *     weights w) or {@code WRAPPER} (wraps the method given as {@code inner}; weights belong to it)
 * @param params the entry's parameters besides {@code method}, {@code inner} and {@code weights}
 * @param needsConditionalMain whether the main model must take a class condition
 * @param inner the methods a wrapper may wrap (empty for the others)
 */
public record MethodInfo(
    String name,
    String role,
    List<ParamInfo> params,
    boolean needsConditionalMain,
    List<String> inner) {

  /**
   * One parameter.
   *
   * @param kind {@code MODEL}, {@code NUMBER}, {@code STEP}, {@code CHOICE} or {@code BOOLEAN}
   * @param presence {@code REQUIRED}, {@code DEFAULTED} (absent means {@code fallback}), {@code
   *     OPTIONAL} or {@code UNLESS_CONDITIONAL} (may be left out on a conditional main model)
   * @param fallback the value used when a {@code DEFAULTED} parameter is absent
   * @param choices the allowed values of a {@code CHOICE}
   * @param hint what the parameter is
   */
  public record ParamInfo(
      String name,
      String kind,
      String presence,
      Object fallback,
      List<String> choices,
      String hint) {}
}
