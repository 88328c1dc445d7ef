package dev.guidelab.testing;

/** Experiment specs for tests, as the JSON a user would post. */
public final class Specs {

  private Specs() {}

  /** The toy cfg-vs-none sweep with {@code samples} samples per point and the given weights. */
  public static String cfgSweep(String name, int samples, String weights) {
    return """
        {
          "name": "%s",
          "main": "toy-oracle:A",
          "sweep": [
            {"method": "none"},
            {"method": "cfg", "guide": "toy-oracle:AB", "weights": [%s]}
          ],
          "sampler": {"steps": 16},
          "samples": %d,
          "seed": 7,
          "metrics": ["log_likelihood", "outlier_fraction", "branch_tv", "branches_hit", "fd"]
        }
        """
        .formatted(name, weights, samples);
  }

  /** One unguided point. */
  public static String single(String name, int samples) {
    return """
        {"name": "%s", "main": "toy-oracle:A", "sweep": [{"method": "none"}], "samples": %d, "seed": 3}
        """
        .formatted(name, samples);
  }
}
