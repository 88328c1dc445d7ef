package dev.guidelab.results;

import dev.guidelab.metrics.Top1Histograms;
import java.util.UUID;

/**
 * A point's Top-1 class histograms (docs/metrics.md, "Top-N class diagnostic"), as {@code GET
 * /api/experiments/{id}/points/{pointId}/top1} shows them: counts per class of the generated images
 * so far and of the reference, and their total-variation distance {@code top1_tv} with its standard
 * error, as the metric reports them at {@code n}.
 *
 * @param classes K
 * @param n generated images counted
 * @param referenceN reference images counted
 * @param generated images per Top-1 class, {@code [K]}
 * @param reference reference images per Top-1 class, {@code [K]}
 * @param tv {@code ½ Σ_c |p_c − q_c|}
 * @param stderr its delta-method standard error
 */
public record PointTop1(
    UUID pointId,
    int classes,
    long n,
    long referenceN,
    long[] generated,
    long[] reference,
    double tv,
    double stderr) {

  static PointTop1 of(UUID pointId, Top1Histograms h) {
    return new PointTop1(
        pointId,
        h.classes(),
        h.n(),
        h.referenceN(),
        h.generated(),
        h.reference(),
        h.distance(),
        h.standardError());
  }
}
