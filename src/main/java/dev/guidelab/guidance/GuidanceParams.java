package dev.guidelab.guidance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.function.Function;

/**
 * The guidance of one point of a sweep: one {@link GuidanceMethod} with every parameter fixed
 * (docs/sampling-and-guidance.md §2). Each method declares its own record (e.g. {@code
 * Cfg.Params}), stored as JSON in {@code point.params} with the method's name as the {@code method}
 * discriminator, e.g. {@code {"method":"cfg","guide":"toy-oracle:AB","weight":2.0}}.
 *
 * <p>Wrapping methods (interval, CADS) hold the method they wrap in {@code inner}; the guidance
 * weight lives in the innermost method that combines two denoisers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "method")
@JsonTypeIdResolver(GuidanceMethods.TypeIds.class)
public interface GuidanceParams {

  /** The method's name, the JSON discriminator. */
  @JsonIgnore
  String method();

  /**
   * Short human label for charts and logs, e.g. {@code none}, {@code cfg w=2}, {@code
   * interval[0.28,1.61] cfg w=2}, {@code apg η=0 w=4}. It leaves out guide model ids.
   */
  @JsonIgnore
  String label();

  /** Names of the separate guiding models the method evaluates (not the main model). */
  @JsonIgnore
  default List<String> models() {
    return List.of();
  }

  /** The guidance weight w of the innermost combining method, or null for {@code none}. */
  @JsonIgnore
  Double guidanceWeight();

  /**
   * The denoiser the sampler sees: this guidance composed over the main network from the decorators
   * of {@link dev.guidelab.guidance}. Build a fresh one per point.
   *
   * <p>For NFE accounting pass a counted main network and a resolver that returns counted guides
   * ({@link CountingDenoiser}): guidance that re-evaluates the main network (CFG or APG without a
   * guide, ICG, TSG) goes through the same {@code main} instance, so every network evaluation is
   * counted, and skipped ones (w = 1, outside an interval) are not.
   *
   * @param main the main network D_m
   * @param models resolves a guide's model id to its network; called once per guide named
   */
  Denoiser denoiser(Denoiser main, Function<String, Denoiser> models);
}
