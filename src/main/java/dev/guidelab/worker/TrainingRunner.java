package dev.guidelab.worker;

import dev.guidelab.experiment.TrainingSpec;
import dev.guidelab.experiment.TrainingSpecParser;
import dev.guidelab.ledger.Claim;
import dev.guidelab.ledger.PointLedger;
import dev.guidelab.models.ToyModels;
import dev.guidelab.results.ProgressEvent;
import dev.guidelab.results.ProgressPublisher;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toynet.ToyNetConfig;
import dev.guidelab.toynet.ToyNetwork;
import dev.guidelab.toynet.ToyTrainer;
import dev.guidelab.toynet.ToyTrainingResult;
import dev.guidelab.toynet.ToyTrainingSpec;
import dev.guidelab.toynet.ToyValidation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Trains a toy network for a point of a {@code train} experiment: the mean loss of every {@value
 * #REPORT_EVERY} iterations is stored and published like partial metrics (n = iteration), every EMA
 * snapshot is registered as a model as soon as it is taken, and the final EMA weights become {@code
 * toy-mlp:<name>-<iterations>} and {@code toy-mlp:<name>}. A retried run repeats the same
 * iterations bit for bit, so re-registering its snapshots is harmless.
 */
@ApplicationScoped
public class TrainingRunner {

  private static final Logger LOG = Logger.getLogger(TrainingRunner.class);

  /** Iterations between loss reports (and cancellation checks). */
  static final int REPORT_EVERY = 16;

  static final String LOSS = "loss";
  static final String VALIDATION_LOSS = "validation_loss";

  private final PointLedger ledger;
  private final ProgressPublisher progress;
  private final ToyModels models;
  // Reads stored specs: their names were checked at submission and are taken by now.
  private final TrainingSpecParser specs = new TrainingSpecParser(name -> false);

  public TrainingRunner(PointLedger ledger, ProgressPublisher progress, ToyModels models) {
    this.ledger = ledger;
    this.progress = progress;
    this.models = models;
  }

  /** Ends a run early from inside the trainer's progress callback. */
  private static final class Stop extends RuntimeException {
    final PointRunner.Outcome outcome;

    Stop(PointRunner.Outcome outcome) {
      super(null, null, false, false);
      this.outcome = outcome;
    }
  }

  public PointRunner.Outcome run(Claim claim, BooleanSupplier stopping) {
    TrainingSpec spec = specs.parse(claim.specJson());
    ToyTrainingSpec recipe = recipe(spec);
    String description = describe(spec);
    LOG.infof("Training %s: %s", spec.name(), description);
    ToyTrainingResult result;
    try {
      result =
          new ToyTrainer(recipe)
              .train(
                  new ToyTrainer.Progress() {
                    private double lossSum;
                    private int lossCount;

                    @Override
                    public void onIteration(int iteration, double loss) {
                      lossSum += loss;
                      lossCount++;
                      if (iteration % REPORT_EVERY != 0 || iteration == spec.iterations()) {
                        return;
                      }
                      if (stopping.getAsBoolean()) {
                        throw new Stop(PointRunner.Outcome.INTERRUPTED);
                      }
                      Map<String, Double> metrics = Map.of(LOSS, lossSum / lossCount);
                      lossSum = 0;
                      lossCount = 0;
                      if (!ledger.recordProgress(claim, iteration, 0, metrics, Map.of())) {
                        throw new Stop(PointRunner.Outcome.LOST);
                      }
                      progress.publish(
                          new ProgressEvent.PartialMetrics(
                              claim.experimentId(),
                              claim.pointId(),
                              claim.experimentState(),
                              Instant.now(),
                              iteration,
                              spec.iterations(),
                              metrics,
                              Map.of()));
                    }

                    @Override
                    public void onSnapshot(ToyNetwork snapshot) {
                      int iteration = Math.toIntExact(snapshot.info().iteration());
                      if (iteration < spec.iterations()) {
                        ToyNetwork measured =
                            snapshot.withInfo(
                                snapshot.info().withValidationLoss(ToyValidation.loss(snapshot)));
                        models.register(
                            spec.modelName(iteration),
                            measured,
                            description,
                            claim.pointId(),
                            false);
                      }
                    }
                  });
    } catch (Stop stop) {
      return stop.outcome;
    }
    ToyNetwork ema = result.ema();
    models.register(spec.modelName(spec.iterations()), ema, description, claim.pointId(), false);
    models.register(spec.finalModelName(), ema, description, claim.pointId(), false);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(VALIDATION_LOSS, ema.info().validationLoss());
    var moved = ledger.complete(claim, spec.iterations(), 0, metrics, Map.of());
    if (moved.isEmpty()) {
      return PointRunner.Outcome.LOST;
    }
    progress.publish(
        new ProgressEvent.PointCompleted(
            claim.experimentId(),
            claim.pointId(),
            moved.get().experimentState(),
            Instant.now(),
            spec.iterations(),
            metrics,
            Map.of(),
            0));
    LOG.infof(
        "Trained %s in %.0f s: validation loss %.5f, model %s",
        spec.name(), result.seconds(), ema.info().validationLoss(), ema.sha256());
    return PointRunner.Outcome.COMPLETED;
  }

  static ToyTrainingSpec recipe(TrainingSpec spec) {
    boolean conditional = spec.classes() == TrainingSpec.Classes.CONDITIONAL;
    ToyNetConfig net =
        conditional ? ToyNetConfig.conditionalOf(spec.width()) : ToyNetConfig.of(spec.width());
    ToyClass classes = conditional ? ToyClass.AB : ToyClass.valueOf(spec.classes().name());
    return new ToyTrainingSpec(
        net,
        classes,
        spec.iterations(),
        spec.batchSize(),
        spec.emaSigmaRel(),
        TrainingSpec.SNAPSHOT_EVERY,
        spec.seed());
  }

  private static String describe(TrainingSpec spec) {
    return "trained by Guidelab: classes "
        + spec.classes().wireName()
        + ", H = "
        + spec.width()
        + ", "
        + spec.iterations()
        + " iterations, batch "
        + spec.batchSize()
        + ", EMA σ_rel "
        + spec.emaSigmaRel()
        + ", seed "
        + spec.seed();
  }
}
