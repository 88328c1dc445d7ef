package dev.guidelab.experiment;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.guidance.Param;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A guidance method a sweep entry may name, as {@code GET /api/methods} describes it, so a client
 * builds its form from the same declarations the server validates against ({@link GuidanceMethod}).
 *
 * @param title what people call it, e.g. {@code classifier-free guidance}
 * @param role {@code PLAIN} (no guide, no weight), {@code WEIGHTED} (combines denoisers with
 *     weights w) or {@code WRAPPER} (wraps the method given as {@code inner}; weights belong to it)
 * @param params the entry's parameters besides {@code method}, {@code inner} and {@code weights}
 * @param needsConditionalMain whether the main model must take a class condition
 * @param needsNoiseEmbedding whether the method changes the network's noise embedding, so image
 *     models (TorchScript denoisers, called with σ) cannot use it
 * @param inner the methods a wrapper may wrap (empty for the others)
 */
public record MethodInfo(
    String name,
    String title,
    GuidanceMethod.Role role,
    List<ParamInfo> params,
    boolean needsConditionalMain,
    boolean needsNoiseEmbedding,
    List<String> inner) {

  /**
   * One parameter.
   *
   * @param kind {@code MODEL}, {@code NUMBER}, {@code STEP}, {@code CHOICE} or {@code BOOLEAN}
   * @param presence {@code REQUIRED}, {@code DEFAULTED} (absent means {@code fallback}), {@code
   *     OPTIONAL} or {@code UNLESS_CONDITIONAL} (may be left out on a conditional main model)
   * @param fallback the value used when a {@code DEFAULTED} parameter is absent
   * @param range the numbers a {@code NUMBER} allows ({@code > 0}, {@code ≥ 0}, {@code in [0, 1]},
   *     {@code in (−1, 1)}), or null for any
   * @param choices the allowed values of a {@code CHOICE}
   * @param hint what the parameter is
   */
  public record ParamInfo(
      String name,
      Param.Kind kind,
      Param.Presence presence,
      // A number, a boolean or a string, as the parameter's kind says.
      @Schema(
              nullable = true,
              oneOf = {Double.class, Boolean.class, String.class})
          Object fallback,
      @Schema(nullable = true) String range,
      @Schema(nullable = true) List<String> choices,
      String hint) {

    static ParamInfo of(Param p) {
      return new ParamInfo(
          p.name(), p.kind(), p.presence(), p.fallback(), p.range().rule(), p.choices(), p.hint());
    }
  }

  /** The description of {@code m}. */
  public static MethodInfo of(GuidanceMethod m) {
    return new MethodInfo(
        m.name(),
        m.title(),
        m.role(),
        m.params().stream().map(ParamInfo::of).toList(),
        m.needsConditionalMain(),
        m.needsNoiseEmbedding(),
        GuidanceMethods.all().stream().filter(m::wraps).map(GuidanceMethod::name).toList());
  }
}
