package dev.guidelab.experiment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one user may have in flight (queued and running), checked when they submit: a team's workers
 * are shared, and one spec of 500 points × 1,000,000 samples should not queue everyone else's work
 * behind it unasked.
 */
@ConfigMapping(prefix = "guidelab.quota")
public interface QuotaConfig {

  /** Queued and running points. */
  @WithDefault("2000")
  long points();

  /**
   * Network evaluations those points may take: for a sweep point at most samples × NFE per sample
   * (two networks per evaluation when guided); a training's iterations × batch. The default,
   * 5·10¹⁰, is 400 points of 1,000,000 samples at 32 Heun steps unguided, or 50,000-sample image
   * points by the thousand.
   */
  @WithDefault("50000000000")
  long evaluations();
}
