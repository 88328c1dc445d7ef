package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.guidance.GuidanceMethod;
import dev.guidelab.guidance.GuidanceMethods;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.models.ImageShape;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The feature space of a spec (docs/metrics.md: "FD in any feature space"): the 2-D toy's samples
 * are their own features ({@code features} absent or {@value #RAW}); an image model's samples are
 * quantised to uint8 and passed through the registered feature network {@code features} names, and
 * {@code reference} must be statistics of that network. Also the rules only image models have:
 * guides that make the main model's images, no method that changes the noise embedding
 * (feature-space metrics only: {@link MetricsSection}).
 */
final class FeatureSection {

  static final String PATH = "features";

  /** The raw sample space of the toy. */
  static final String RAW = "raw";

  private FeatureSection() {}

  /**
   * Reads {@code features}: required and naming a registered feature network for an image main
   * model, absent or {@value #RAW} for a toy main model.
   *
   * @param image the main model's image shape, empty for a toy model
   * @return the feature network, or null for the raw space or when invalid
   */
  static FeatureNetworks.Registered read(
      JsonNode node, String main, Optional<ImageShape> image, SpecReader r) {
    if (node != null && (!node.isTextual() || node.textValue().isBlank())) {
      r.error(PATH, "must be 'raw' or a feature network's name, got " + SpecReader.describe(node));
      return null;
    }
    String name = node == null ? null : node.textValue();
    if (image.isEmpty()) {
      if (name != null && !name.equals(RAW) && main != null) {
        r.error(
            PATH,
            "main "
                + SpecReader.quote(main)
                + " samples the 2-D toy, whose metrics use the raw samples; remove the field or"
                + " use 'raw'");
      }
      return null;
    }
    if (name == null || name.equals(RAW)) {
      r.error(
          PATH,
          "required for image model "
              + SpecReader.quote(main)
              + ": the name of a registered feature network (GET /api/feature-networks)"
              + (name == null ? "" : "; 'raw' is the 2-D toy's space"));
      return null;
    }
    Optional<FeatureNetworks.Registered> network = r.models().featureNetwork(name);
    if (network.isEmpty()) {
      r.error(
          PATH,
          "unknown feature network "
              + SpecReader.quote(name)
              + "; they are listed at GET /api/feature-networks");
      return null;
    }
    if (network.get().contract().channels() != image.get().channels()) {
      r.error(
          PATH,
          "feature network "
              + SpecReader.quote(name)
              + " takes "
              + network.get().contract().channels()
              + "-channel images; main "
              + SpecReader.quote(main)
              + " makes "
              + image.get().channels());
      return null;
    }
    return network.get();
  }

  /**
   * What an image main model rules out: guides that make other images (their classes are checked by
   * {@link CrossChecks}, by the role they play), and methods that change the noise embedding (a
   * TorchScript denoiser takes σ, not an embedding).
   */
  static void checkSweep(String main, ImageShape image, List<SweepEntry> sweep, SpecReader r) {
    if (sweep == null) {
      return;
    }
    for (int i = 0; i < sweep.size(); i++) {
      String path = SpecReader.index("sweep", i);
      for (SweepEntry e = sweep.get(i); e != null; e = e.inner()) {
        GuidanceMethod method = GuidanceMethods.named(e.method()).orElseThrow();
        if (method.needsNoiseEmbedding()) {
          r.error(
              SpecReader.child(path, "method"),
              method.title()
                  + " shifts the noise embedding, which a TorchScript denoiser does not expose;"
                  + " main "
                  + SpecReader.quote(main)
                  + " is one");
        }
      }
      Set<String> guides = new LinkedHashSet<>();
      sweep.get(i).points().forEach(p -> guides.addAll(p.guidance().models()));
      for (String guide : guides) {
        Optional<ImageShape> shape = r.models().imageShape(guide);
        if (shape.isEmpty()
            || shape.get().channels() != image.channels()
            || shape.get().resolution() != image.resolution()) {
          r.error(
              path,
              "guide "
                  + SpecReader.quote(guide)
                  + (shape.isEmpty() ? " is a 2-D toy model" : " makes " + describe(shape.get()))
                  + "; main "
                  + SpecReader.quote(main)
                  + " makes "
                  + describe(image)
                  + ": a guide must make the main model's images");
        }
      }
    }
  }

  /**
   * Checks that reference statistics {@code name} (which exist) fit feature network {@code
   * network}: the same network, by name or content hash, and its dimension.
   */
  static void checkReference(String name, FeatureNetworks.Registered network, SpecReader r) {
    OptionalInt dim = r.models().referenceDim(name);
    String recorded = r.models().referenceFeatures(name).orElse(null);
    if (recorded == null
        || !(recorded.equals(network.name()) || recorded.equalsIgnoreCase(network.sha256()))) {
      r.error(
          "reference",
          "reference "
              + SpecReader.quote(name)
              + " was computed with feature network "
              + SpecReader.quote(String.valueOf(recorded))
              + ", not "
              + SpecReader.quote(network.name())
              + " (sha256 "
              + network.sha256()
              + "); compute or import statistics of the same network");
    } else if (dim.isPresent() && dim.getAsInt() != network.contract().dim()) {
      r.error(
          "reference",
          "reference "
              + SpecReader.quote(name)
              + " is "
              + dim.getAsInt()
              + "-D; feature network "
              + SpecReader.quote(network.name())
              + " gives "
              + network.contract().dim()
              + "-D features");
    }
  }

  private static String describe(ImageShape shape) {
    return shape.channels() + "×" + shape.resolution() + "×" + shape.resolution() + " images";
  }
}
