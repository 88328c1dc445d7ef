package dev.guidelab.experiment;

import dev.guidelab.ledger.Workload;
import jakarta.enterprise.context.ApplicationScoped;

/** Prices specs against the workload now ({@link SpecCost}). */
@ApplicationScoped
public class SpecCosts {

  private final Workload workload;
  private final SpecConfig config;

  public SpecCosts(Workload workload, SpecConfig config) {
    this.workload = workload;
    this.config = config;
  }

  /** What {@code spec} would cost now. */
  public SpecCost of(ExperimentSpec spec) {
    return SpecCost.of(spec, workload.now(), config.warnEvaluations());
  }
}
