package dev.guidelab.experiment;

import dev.guidelab.ledger.ExperimentView;
import dev.guidelab.ledger.PointView;
import dev.guidelab.ledger.State;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A reference computation as {@code GET /api/references/jobs/{key}} shows it: an experiment of kind
 * {@code reference} with one point, whose units are the images or vectors of the upload.
 *
 * @param name the name the statistics are stored under
 * @param key their content key
 * @param source the upload as recorded, e.g. {@code npz:<sha256>:images:nhwc}
 * @param featureNetwork the feature network's name (its content hash is in the key)
 * @param done images or vectors streamed so far, as last reported
 * @param total N
 * @param error why it failed, e.g. {@code file: entry 'b.png' is 30×32 …}; null unless {@code
 *     FAILED}
 * @param experimentId the experiment, whose events ({@code /api/experiments/{id}/events}) stream
 *     its progress
 */
public record ReferenceJobView(
    String name,
    String key,
    String source,
    String featureNetwork,
    State state,
    long done,
    long total,
    @Schema(nullable = true) String error,
    Instant submittedAt,
    @Schema(nullable = true) Instant finishedAt,
    UUID experimentId) {

  /** The job of a reference experiment. */
  static ReferenceJobView of(ExperimentView view) {
    PointView point = view.points().get(0);
    return new ReferenceJobView(
        view.name(),
        view.specHash(),
        view.spec().path("source").asText(),
        view.spec().path("features").asText(),
        view.state(),
        point.state() == State.COMPLETED ? point.samples() : point.samplesDone(),
        point.samples(),
        view.state() == State.FAILED ? point.error() : null,
        view.createdAt(),
        view.finishedAt(),
        view.id());
  }
}
