package dev.guidelab.worker;

import dev.guidelab.engine.Point;
import dev.guidelab.engine.PointKind;
import dev.guidelab.engine.PointRun;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.models.EmaSnapshots;
import dev.guidelab.models.ToyModels;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toynet.ToyNetConfig;
import dev.guidelab.toynet.ToyNetwork;
import dev.guidelab.toynet.ToyTrainer;
import dev.guidelab.toynet.ToyTrainingResult;
import dev.guidelab.toynet.ToyTrainingSpec;
import dev.guidelab.toynet.ToyValidation;
import dev.guidelab.work.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Trains a toy network for the point of a {@code train} experiment: the mean loss of every {@value
 * #REPORT_EVERY} iterations is reported like partial metrics (n = iteration), every EMA snapshot is
 * registered as a model with the report of its iteration, and the final EMA weights become {@code
 * toy-mlp:<name>-<iterations>} and {@code toy-mlp:<name>} with the completion, together with the
 * post-hoc EMA snapshots of the run, stored as the snapshot family {@code toy-mlp:<name>} ({@link
 * EmaSnapshots}). A retried run repeats the same iterations bit for bit, so re-registering its
 * snapshots is harmless.
 */
@ApplicationScoped
public class ToyTraining implements PointKind<TrainingSpec> {

  private static final Logger LOG = Logger.getLogger(ToyTraining.class);

  /** Iterations between loss reports (and cancellation checks). */
  static final int REPORT_EVERY = 16;

  static final String LOSS = "loss";
  static final String VALIDATION_LOSS = "validation_loss";

  private final ToyModels models;
  private final EmaSnapshots emaSnapshots;

  public ToyTraining(ToyModels models, EmaSnapshots emaSnapshots) {
    this.models = models;
    this.emaSnapshots = emaSnapshots;
  }

  @Override
  public ExperimentKind kind() {
    return TrainingSpec.KIND;
  }

  @Override
  public Class<TrainingSpec> resolvedType() {
    return TrainingSpec.class;
  }

  @Override
  public void compute(Point<TrainingSpec> point, PointRun run) {
    TrainingSpec spec = point.resolved();
    String description = describe(spec);
    LOG.infof("Training %s: %s", spec.name(), description);
    ToyTrainingResult result =
        new ToyTrainer(recipe(spec))
            .train(
                new ToyTrainer.Progress() {
                  private double lossSum;
                  private int lossCount;
                  private PointRun.Results snapshots = PointRun.Results.none();

                  @Override
                  public void onIteration(int iteration, double loss) {
                    lossSum += loss;
                    lossCount++;
                    if (iteration % REPORT_EVERY != 0 || iteration == spec.iterations()) {
                      return;
                    }
                    PointRun.Results report =
                        PointRun.Results.of(Map.of(LOSS, lossSum / lossCount));
                    for (var write : snapshots.writes()) {
                      report = report.with(write);
                    }
                    snapshots = PointRun.Results.none();
                    lossSum = 0;
                    lossCount = 0;
                    run.progress(iteration, report);
                  }

                  @Override
                  public void onSnapshot(ToyNetwork snapshot) {
                    int iteration = Math.toIntExact(snapshot.info().iteration());
                    if (iteration < spec.iterations()) {
                      ToyNetwork measured =
                          snapshot.withInfo(
                              snapshot.info().withValidationLoss(ToyValidation.loss(snapshot)));
                      snapshots =
                          snapshots.with(
                              models.write(
                                  spec.modelName(iteration),
                                  measured,
                                  description,
                                  point.pointId()));
                    }
                  }
                });
    ToyNetwork ema = result.ema();
    PointRun.Results completion =
        PointRun.Results.of(Map.of(VALIDATION_LOSS, ema.info().validationLoss()))
            .with(
                models.write(spec.modelName(spec.iterations()), ema, description, point.pointId()))
            .with(models.write(spec.finalModelName(), ema, description, point.pointId()));
    for (ToyNetwork snapshot : result.postHocSnapshots()) {
      completion =
          completion.with(
              emaSnapshots.write(spec.finalModelName(), snapshot, point.pointId(), false));
    }
    run.complete(spec.iterations(), completion);
    LOG.infof(
        "Trained %s in %.0f s: validation loss %.5f, model %s",
        spec.name(), result.seconds(), ema.info().validationLoss(), ema.sha256());
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
        ToyTrainingSpec.POST_HOC_SIGMA_RELS,
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
