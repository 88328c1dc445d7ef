package dev.guidelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.metrics.Metric.Better;
import dev.guidelab.metrics.Metric.Cost;
import dev.guidelab.metrics.Metric.Domain;
import dev.guidelab.toy.ToyClass;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The metric registry declares every metric once, as the lists it replaced had them (spelled out
 * here, so a change to the registry that changes what specs get shows as a failing test), and the
 * pipelines produce exactly the declared metrics and standard errors.
 */
class MetricTest {

  /** The former {@code ToyMetrics.NAMES}: the canonical order metrics are stored and shown in. */
  private static final List<String> CANONICAL =
      List.of(
          "log_likelihood",
          "log_likelihood_clipped",
          "outlier_fraction",
          "far_fraction",
          "branch_tv",
          "branches_hit",
          "top1_a",
          "top1_tv",
          "fd",
          "fd_debiased",
          "fd_infinity",
          "precision",
          "recall",
          "density",
          "coverage",
          "kid",
          "realism",
          "rarity");

  @Test
  void namesAreUniqueAndInTheCanonicalOrder() {
    List<String> names = Metric.wireNames(List.of(Metric.values()));
    assertEquals(CANONICAL, names);
    assertEquals(names.size(), new HashSet<>(names).size(), "unique");
    for (Metric m : Metric.values()) {
      assertEquals(Optional.of(m), Metric.byWireName(m.wireName()));
      assertEquals(m.wireName(), m.toString(), "maps keyed by metric print their wire names");
      assertEquals(m.name().toLowerCase(java.util.Locale.ROOT), m.wireName());
    }
    assertEquals(Optional.empty(), Metric.byWireName("fid"));
    assertEquals(Optional.empty(), Metric.byWireName(null));
    assertEquals(List.of(Metric.KID, Metric.FD), Metric.named(List.of("kid", "fd")));
    assertThrows(IllegalArgumentException.class, () -> Metric.named(List.of("fd", "fid")));
  }

  @Test
  void modelsAndDefaultsAreTheFormerLists() {
    assertEquals(CANONICAL, Metric.wireNames(Metric.allowed(Domain.TOY)));
    // The former FeatureSpaceMetrics.NAMES, DEFAULT and NEED_REFERENCE_SAMPLES.
    assertEquals(
        List.of(
            "top1_tv",
            "fd",
            "fd_debiased",
            "fd_infinity",
            "precision",
            "recall",
            "density",
            "coverage",
            "kid",
            "realism",
            "rarity"),
        Metric.wireNames(Metric.allowed(Domain.IMAGE)));
    assertEquals(List.of("fd", "fd_debiased"), Metric.wireNames(Metric.defaults(Domain.IMAGE)));
    assertEquals(
        List.of("precision", "recall", "density", "coverage", "kid", "realism", "rarity"),
        Arrays.stream(Metric.values())
            .filter(Metric::needsReferenceSamples)
            .map(Metric::wireName)
            .toList());
    // The former ToyMetrics.DEFAULT (SpecParser.DEFAULT_METRICS).
    assertEquals(
        List.of(
            "log_likelihood",
            "log_likelihood_clipped",
            "outlier_fraction",
            "far_fraction",
            "branch_tv",
            "branches_hit",
            "fd",
            "fd_debiased"),
        Metric.wireNames(Metric.defaults(Domain.TOY)));
  }

  @Test
  void costsErrorsAndDirectionsAreDeclaredConsistently() {
    for (Metric m : Metric.values()) {
      for (Domain kind : Domain.values()) {
        if (m.onByDefault(kind)) {
          assertTrue(m.appliesTo(kind), m + " is on by default for " + kind + " models");
          assertEquals(Cost.STREAMED, m.cost(), m + ": the defaults are the cheap streamed ones");
        }
      }
      // Exactly the metrics compared with the reference's own samples are recomputed at
      // checkpoints from the kept samples.
      assertEquals(m.needsReferenceSamples(), m.cost() == Cost.CHECKPOINTS, m.toString());
      assertTrue(m.stderr().map(s -> !s.isBlank()).orElse(true), m.toString());
    }
    Map<String, Better> better = new TreeMap<>();
    Arrays.stream(Metric.values()).forEach(m -> better.put(m.wireName(), m.better()));
    for (String lower :
        List.of(
            "fd",
            "fd_debiased",
            "fd_infinity",
            "kid",
            "branch_tv",
            "top1_tv",
            "outlier_fraction",
            "far_fraction")) {
      assertEquals(Better.LOWER, better.get(lower), lower);
    }
    for (String higher :
        List.of(
            "log_likelihood",
            "log_likelihood_clipped",
            "precision",
            "recall",
            "density",
            "coverage")) {
      assertEquals(Better.HIGHER, better.get(higher), higher);
    }
    for (String neither : List.of("branches_hit", "top1_a", "rarity")) {
      assertEquals(Better.NEITHER, better.get(neither), neither);
    }
  }

  @Test
  void theToyProducesEveryDeclaredMetricAndTheDeclaredStandardErrors() {
    ToyMetrics m = new ToyMetrics(1000);
    m.accept(ToyMetricsTest.exactSamples(31, 1000));
    assertEquals(Metric.allowed(Domain.TOY), List.copyOf(m.values().keySet()));
    assertEquals(withStandardErrors(Domain.TOY), List.copyOf(m.standardErrors().keySet()));
    // Every metric is defined when requested (the k-NN ones from 6 samples on).
    m.values().forEach((metric, value) -> assertTrue(Double.isFinite(value), metric.toString()));
  }

  @Test
  void featureSpacesProduceEveryDeclaredImageMetricAndTheDeclaredStandardErrors() {
    int d = 3;
    int n = 60;
    SplittableRandom rng = new SplittableRandom(7);
    double[] x = new double[n * d];
    double[][] reference = new double[50][d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble();
    }
    for (double[] row : reference) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextDouble();
      }
    }
    FeatureSpaceMetrics m =
        new FeatureSpaceMetrics(
            n,
            Metric.allowed(Domain.IMAGE),
            new FrechetDistance.Reference(new double[d], identity(d)),
            () -> new ReferenceSet(reference),
            new long[] {20, 30});
    m.accept(x, d);
    double[] logits = new double[2 * n];
    for (int i = 0; i < n; i++) {
      logits[2 * i] = x[i * d];
    }
    m.acceptLogits(logits);
    assertEquals(Metric.allowed(Domain.IMAGE), List.copyOf(m.values().keySet()));
    assertEquals(withStandardErrors(Domain.IMAGE), List.copyOf(m.standardErrors().keySet()));
    m.values().forEach((metric, value) -> assertTrue(Double.isFinite(value), metric.toString()));
    // The toy's class-A share is not defined in a feature space.
    assertTrue(!Metric.TOP1_A.appliesTo(Domain.IMAGE));
  }

  @Test
  void unrequestedMetricsOfTheDefaultPipelinesAreNaN() {
    FeatureSpaceMetrics m =
        new FeatureSpaceMetrics(
            40, new FrechetDistance.Reference(new double[] {0, 0}, identity(2)));
    double[] x = new double[80];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i);
    }
    m.accept(x, 2);
    m.values()
        .forEach(
            (metric, value) ->
                assertEquals(
                    metric.onByDefault(Domain.IMAGE),
                    Double.isFinite(value),
                    metric + " = " + value));
    ToyMetrics toy =
        new ToyMetrics(2000, Metric.defaults(Domain.TOY), ToyMetrics.CLASS_A, ToyClass.A);
    toy.accept(ToyMetricsTest.exactSamples(8, 2000));
    toy.values()
        .forEach(
            (metric, value) ->
                assertEquals(
                    metric.onByDefault(Domain.TOY),
                    Double.isFinite(value),
                    metric + " = " + value));
  }

  private static List<Metric> withStandardErrors(Domain kind) {
    return Metric.allowed(kind).stream().filter(m -> m.stderr().isPresent()).toList();
  }

  private static double[][] identity(int d) {
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      a[i][i] = 1;
    }
    return a;
  }
}
