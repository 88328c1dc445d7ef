package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guidance methods a sweep entry may name (spec/sampling-and-guidance.md §2), each turning the
 * main and guiding denoisers into the one the sampler sees.
 */
public enum GuidanceMethod {
  /** {@code D = D_m}: no guidance, no guide, no weight. */
  NONE(false) {
    @Override
    public Denoiser apply(Denoiser main, Denoiser guide, double w) {
      return main;
    }
  },
  /** Classifier-free guidance with an unconditional guide: {@code D = D_g + w(D_m − D_g)}. */
  CFG(true) {
    @Override
    public Denoiser apply(Denoiser main, Denoiser guide, double w) {
      return new GuidedDenoiser(main, guide, w);
    }
  };

  private final boolean needsGuide;

  GuidanceMethod(boolean needsGuide) {
    this.needsGuide = needsGuide;
  }

  /**
   * Whether the method evaluates a guiding model (and so takes {@code guide} and {@code weights}).
   */
  public boolean needsGuide() {
    return needsGuide;
  }

  /** The guided denoiser; {@code guide} and {@code w} are ignored by methods that take none. */
  public abstract Denoiser apply(Denoiser main, Denoiser guide, double w);

  /** The name used in specs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The method a spec names, e.g. {@code "cfg"}. */
  public static GuidanceMethod fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Every name a spec may use, for error messages. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(GuidanceMethod::wireName).toList();
  }
}
