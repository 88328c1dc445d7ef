package dev.guidelab.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.guidelab.ledger.ExperimentKind;
import java.util.Locale;

/**
 * A training run of a toy denoiser network (docs/toy.md "Training"), as posted to {@code POST
 * /api/trainings} and stored as the experiment's resolved form (it names no models to pin). Its EMA
 * snapshots every {@link #SNAPSHOT_EVERY} iterations, and the final one, become models named {@code
 * toy-mlp:<name>-<iteration>}; the final one is also {@code toy-mlp:<name>}. Its post-hoc EMA
 * snapshots (σ_rel 0.05 and 0.10) are stored as the snapshot family {@code toy-mlp:<name>}
 * (docs/post-hoc-ema.md).
 *
 * @param name the run's name, the stem of its models' names
 * @param priority when its point is claimed (docs/spec.md); not part of the training, nor of its
 *     hash
 * @param classes the data: one class ({@code A}, {@code B}), their union ({@code AB}), or both with
 *     the class as condition ({@code conditional})
 * @param width hidden width H of the network
 * @param iterations Adam steps
 * @param batchSize samples per step
 * @param seed every random draw of the run derives from it
 * @param emaSigmaRel relative width σ_rel of the power-function EMA
 */
public record TrainingSpec(
    String name,
    int priority,
    Classes classes,
    int width,
    int iterations,
    int batchSize,
    long seed,
    double emaSigmaRel) {

  /** The experiments that train a toy network. */
  public static final ExperimentKind KIND = new ExperimentKind("train");

  /** EMA snapshots are registered every this many iterations. */
  public static final int SNAPSHOT_EVERY = 256;

  /** What the network learns. */
  public enum Classes {
    A,
    B,
    AB,
    CONDITIONAL;

    @JsonValue
    public String wireName() {
      return this == CONDITIONAL ? "conditional" : name();
    }

    @JsonCreator
    public static Classes fromWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** The model name of the snapshot at {@code iteration}. */
  public String modelName(int iteration) {
    return "toy-mlp:" + name + "-" + iteration;
  }

  /** The name of the run's final model. */
  public String finalModelName() {
    return "toy-mlp:" + name;
  }
}
