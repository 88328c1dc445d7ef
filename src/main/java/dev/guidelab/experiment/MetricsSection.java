package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.guidelab.metrics.FeatureSpaceMetrics;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.references.ToyReferences;
import dev.guidelab.toy.ToyClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code metrics} of a spec, read against the metric registry ({@link Metric}): names that are
 * distinct and known, allowed for the main model's kind (the toy's ground-truth metrics are not
 * defined in a feature space), put in canonical order; absent = the kind's defaults. Then what the
 * chosen metrics need of the spec's reference (and, for images, its feature network): the
 * reference's own samples for the k-NN, kernel and score metrics, a Top-1 class histogram for the
 * Top-1 class diagnostic.
 */
final class MetricsSection {

  static final String PATH = "metrics";

  private MetricsSection() {}

  /**
   * Reads {@code metrics}.
   *
   * @param node the {@code metrics} value, or {@code null} when absent
   * @param image whether the main model is an image model
   * @return the metric names in canonical order, or null if any error was recorded here
   */
  static List<String> read(JsonNode node, boolean image, SpecReader r) {
    Metric.Domain kind = image ? Metric.Domain.IMAGE : Metric.Domain.TOY;
    if (node == null) {
      return Metric.wireNames(Metric.defaults(kind));
    }
    int errorsBefore = r.errorCount();
    String allowed = "allowed: " + String.join(", ", Metric.wireNames(Metric.allowed(kind)));
    ArrayNode array = r.nonEmptyArray(node, PATH, "metric names; " + allowed);
    if (array == null) {
      return null;
    }
    Map<Metric, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String path = index(PATH, i);
      JsonNode element = array.get(i);
      Metric metric =
          element.isTextual() ? Metric.byWireName(element.textValue()).orElse(null) : null;
      if (!element.isTextual()) {
        r.error(
            path, "must be a metric name; " + allowed + ", got " + SpecReader.describe(element));
      } else if (metric == null) {
        r.error(path, "unknown metric " + SpecReader.quote(element.textValue()) + "; " + allowed);
      } else if (!metric.appliesTo(kind)) {
        r.error(
            path, SpecReader.quote(element.textValue()) + " is a toy metric; " + imageAllowed());
      } else {
        Integer first = firstIndex.putIfAbsent(metric, i);
        if (first != null) {
          r.error(
              path,
              "duplicate metric '"
                  + element.textValue()
                  + "' (same as "
                  + index(PATH, first)
                  + "); list each metric once");
        }
      }
    }
    if (r.errorCount() > errorsBefore) {
      return null;
    }
    List<Metric> metrics = new ArrayList<>(Metric.allowed(kind));
    metrics.retainAll(firstIndex.keySet());
    return Metric.wireNames(metrics);
  }

  /**
   * Checks what the metrics need of the reference: for an image model its stored feature vectors
   * ({@link #checkReferenceSamples}) and the Top-1 class histogram of its network's classifier head
   * ({@link #checkTop1}); for the toy a built-in reference class ({@link #checkTop1Reference}).
   *
   * @param node the spec's {@code metrics}, or null for the defaults
   * @param metrics what {@link #read} returned (null when invalid)
   * @param features an image model's feature network, or null
   * @param reference the spec's (valid) reference, or null
   */
  static void checkReference(
      JsonNode node,
      List<String> metrics,
      boolean image,
      FeatureNetworks.Registered features,
      String reference,
      SpecReader r) {
    if (image) {
      checkReferenceSamples(node, metrics, reference, r);
      checkTop1(node, features, reference, r);
    } else {
      checkTop1Reference(metrics, reference, r);
    }
  }

  /** The metrics an image model allows, with what the others need. */
  static String imageAllowed() {
    return "image models allow the feature-space metrics "
        + String.join(", ", Metric.wireNames(Metric.allowed(Metric.Domain.IMAGE)))
        + "; the others need the toy's ground truth";
  }

  /**
   * The toy's Top-1 metrics compare with the Top-1 histogram of the reference distribution, which
   * is known for the built-in {@code toy-exact:} classes only: imported statistics are a mean and a
   * covariance.
   */
  private static void checkTop1Reference(List<String> metrics, String reference, SpecReader r) {
    if (metrics == null || reference == null || ToyReferences.classOf(reference).isPresent()) {
      return;
    }
    List<String> top1 =
        metrics.stream()
            .filter(m -> m.equals(Metric.TOP1_A.wireName()) || m.equals(Metric.TOP1_TV.wireName()))
            .toList();
    if (!top1.isEmpty()) {
      r.error(
          PATH,
          String.join(", ", top1)
              + " need the reference's class histogram, but reference "
              + SpecReader.quote(reference)
              + " is imported statistics (μ, Σ) of an unknown distribution; use "
              + Arrays.stream(ToyClass.values())
                  .map(ToyReferences::name)
                  .collect(Collectors.joining(", "))
              + " or leave out "
              + String.join(", ", top1));
    }
  }

  /**
   * An image model's metrics that {@linkplain Metric#needsReferenceSamples need the reference's
   * samples} (the k-NN, kernel and score metrics) compare generated features with the feature
   * vectors stored with the reference; imported statistics are a mean and a covariance only. Each
   * such metric is reported where the spec lists it.
   */
  private static void checkReferenceSamples(
      JsonNode node, List<String> metrics, String reference, SpecReader r) {
    if (node == null || metrics == null || reference == null) {
      return; // the defaults need no reference vectors
    }
    int stored = r.models().referenceSamples(reference).orElse(0);
    if (stored >= FeatureSpaceMetrics.MIN_REFERENCE_SAMPLES) {
      return;
    }
    String why =
        stored == 0
            ? " keeps none (imported μ and Σ, or computed with guidelab.references.knn-samples=0)"
            : " keeps only "
                + stored
                + " (at least "
                + FeatureSpaceMetrics.MIN_REFERENCE_SAMPLES
                + " are needed)";
    for (int i = 0; i < node.size(); i++) {
      String metric = node.get(i).textValue();
      if (Metric.byWireName(metric).map(Metric::needsReferenceSamples).orElse(false)) {
        r.error(
            index(PATH, i),
            SpecReader.quote(metric)
                + " compares generated features with the reference's own feature vectors, but"
                + " reference "
                + SpecReader.quote(reference)
                + why
                + "; compute the reference from images or features (POST"
                + " /api/references/compute) or leave out "
                + metric);
      }
    }
  }

  /**
   * An image model's {@code top1_tv} compares the Top-1 class histograms of the feature network's
   * classifier head: the network needs one, and the reference a histogram computed through it.
   * Reported at {@code metrics[i]}, where the spec lists it.
   *
   * @param node the spec's {@code metrics}, or null for the defaults (which do not include it)
   */
  private static void checkTop1(
      JsonNode node, FeatureNetworks.Registered network, String reference, SpecReader r) {
    if (node == null || network == null || !node.isArray()) {
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      if (!Metric.TOP1_TV.wireName().equals(node.get(i).textValue())) {
        continue;
      }
      String path = index(PATH, i);
      if (!network.contract().hasClassifier()) {
        r.error(
            path,
            "'top1_tv' compares Top-1 class histograms of a classifier head, but feature network "
                + SpecReader.quote(network.name())
                + " has none (register one with contract inception-v3-2015, or uint8 with"
                + " classes=K and returnFeatures=true) or leave out top1_tv");
      } else if (reference != null && r.models().referenceTop1Classes(reference).orElse(0) == 0) {
        r.error(
            path,
            "'top1_tv' compares with the reference's Top-1 class histogram, but reference "
                + SpecReader.quote(reference)
                + " has none (imported μ and Σ, or computed from feature vectors); compute it"
                + " from images through "
                + SpecReader.quote(network.name())
                + " (POST /api/references/compute) or leave out top1_tv");
      }
    }
  }
}
