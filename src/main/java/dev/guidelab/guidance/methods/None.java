package dev.guidelab.guidance.methods;

import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceParams;
import dev.guidelab.guidance.Param;
import dev.guidelab.guidance.Values;
import dev.guidelab.sampling.Denoiser;
import java.util.List;
import java.util.function.Function;

/** No guidance: {@code D = D_m}, the baseline every guided curve is compared with. */
public final class None implements GuidanceMethod {

  public static final String NAME = "none";

  /** The unguided point. */
  public record Params() implements GuidanceParams {

    @Override
    public String method() {
      return NAME;
    }

    @Override
    public String label() {
      return NAME;
    }

    @Override
    public Double guidanceWeight() {
      return null;
    }

    @Override
    public Denoiser denoiser(Denoiser main, Function<String, Denoiser> models) {
      return main;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String title() {
    return "no guidance";
  }

  @Override
  public Role role() {
    return Role.PLAIN;
  }

  @Override
  public List<Param> params() {
    return List.of();
  }

  @Override
  public Class<Params> pointType() {
    return Params.class;
  }

  @Override
  public Params point(Values values, GuidanceParams inner, Double weight) {
    return new Params();
  }
}
