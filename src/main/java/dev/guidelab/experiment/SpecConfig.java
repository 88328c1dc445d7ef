package dev.guidelab.experiment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits the api applies to specs it accepts; experiments accepted earlier keep running. */
@ConfigMapping(prefix = "guidelab.spec")
public interface SpecConfig {

  /**
   * The most samples a point may ask for, at most 1,000,000: lower it to keep a shared cluster's
   * points short. Experiments accepted under a higher limit still run.
   */
  @WithDefault("1000000")
  int maxSamples();

  /**
   * The {@code reuse} of a spec that does not say: whether a point whose content and samples equal
   * a completed point's takes that point's results instead of being computed (docs/reuse.md).
   */
  @WithDefault("true")
  boolean reuse();

  /**
   * The network evaluations above which the api's check of a spec warns that it is large ({@code
   * POST /api/experiments/validate}, the dashboard's form): about ten times the toy's README sweep.
   * A warning only; quotas ({@code guidelab.quota.*}) are what refuse.
   */
  @WithDefault("100000000")
  long warnEvaluations();
}
