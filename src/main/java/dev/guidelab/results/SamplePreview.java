package dev.guidelab.results;

import java.util.List;
import java.util.UUID;

/**
 * The first {@code n} samples of a point with a score per sample against the reference set: realism
 * (Kynkäänniemi et al. 2019; high = typical) and rarity (Han et al. 2022; high = in a sparse
 * region, null when the sample lies in no reference ball). Lets a client plot the samples and show
 * a point's most and least typical ones.
 */
public record SamplePreview(
    UUID pointId, int n, List<double[]> samples, List<Double> realism, List<Double> rarity) {}
