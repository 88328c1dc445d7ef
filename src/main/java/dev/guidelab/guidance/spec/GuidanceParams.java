package dev.guidelab.guidance.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The guidance of one point of a sweep: one method with every parameter fixed
 * (docs/sampling-and-guidance.md §2). A closed set of records, stored as JSON in {@code
 * point.params} with the method's spec name as the {@code method} discriminator, e.g. {@code
 * {"method":"cfg","guide":"toy-oracle:AB","weight":2.0}}.
 *
 * <p>Wrapping methods ({@link IntervalParams}, {@link CadsParams}) hold the method they wrap in
 * {@code inner}; the guidance weight lives in the innermost method that combines two denoisers.
 * {@link dev.guidelab.guidance.Guidance#denoiser} turns params into the guided denoiser.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "method")
@JsonSubTypes({
  @JsonSubTypes.Type(value = NoneParams.class, name = GuidanceParams.NONE),
  @JsonSubTypes.Type(value = CfgParams.class, name = GuidanceParams.CFG),
  @JsonSubTypes.Type(value = AutoguidanceParams.class, name = GuidanceParams.AUTOGUIDANCE),
  @JsonSubTypes.Type(value = IntervalParams.class, name = GuidanceParams.INTERVAL),
  @JsonSubTypes.Type(value = ApgParams.class, name = GuidanceParams.APG),
  @JsonSubTypes.Type(value = IcgParams.class, name = GuidanceParams.ICG),
  @JsonSubTypes.Type(value = TsgParams.class, name = GuidanceParams.TSG),
  @JsonSubTypes.Type(value = CadsParams.class, name = GuidanceParams.CADS),
  @JsonSubTypes.Type(value = BlendParams.class, name = GuidanceParams.BLEND)
})
public sealed interface GuidanceParams
    permits NoneParams,
        CfgParams,
        AutoguidanceParams,
        IntervalParams,
        ApgParams,
        IcgParams,
        TsgParams,
        CadsParams,
        BlendParams {

  String NONE = "none";
  String CFG = "cfg";
  String AUTOGUIDANCE = "autoguidance";
  String INTERVAL = "interval";
  String APG = "apg";
  String ICG = "icg";
  String TSG = "tsg";
  String CADS = "cads";
  String BLEND = "blend";

  /** Every method name a spec may use, in documentation order. */
  List<String> METHODS = List.of(NONE, CFG, AUTOGUIDANCE, INTERVAL, APG, ICG, TSG, CADS, BLEND);

  /** The method's spec name, the JSON discriminator. */
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
}
