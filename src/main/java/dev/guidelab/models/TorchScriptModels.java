package dev.guidelab.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.content.Hashes;
import dev.guidelab.sampling.Evaluation;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Registers users' TorchScript image denoisers ({@link TorchScriptDenoiser}) in the {@link
 * ModelRegistry}: the file under its SHA-256, a name with kind {@value #KIND}, and the {@link
 * ImageShape} in the params. A file gets a name only after a probe call kept the contract: it
 * loads, {@code forward} accepts {@code (x, sigma[, class_labels])} and returns finite values of
 * x's shape at the smallest and largest σ of the EDM image schedule.
 */
@ApplicationScoped
public class TorchScriptModels {

  /** Registry kind of TorchScript image denoisers. */

  /** Noise levels of the probe: EDM's image σ_min and σ_max (docs/sampling-and-guidance.md §1). */
  static final double[] PROBE_SIGMAS = {0.002, 80};

  private final ModelRegistry registry;
  private final ObjectMapper json;

  public TorchScriptModels(ModelRegistry registry, ObjectMapper json) {
    this.registry = registry;
    this.json = json;
  }

  /**
   * Probes {@code bytes} and stores them as {@code name}; idempotent for the same file.
   *
   * @return the content hash
   * @throws IllegalArgumentException naming why the file breaks the contract
   * @throws IllegalStateException if {@code name} already names another file
   */
  public String register(String name, byte[] bytes, ImageShape shape, String description) {
    try (TorchScriptDenoiser denoiser = TorchScriptDenoiser.load(bytes, shape)) {
      probe(denoiser);
    }
    String sha256 = Hashes.sha256(bytes);
    registry.register(
        name, ModelKind.TORCHSCRIPT, sha256, bytes, params(shape, description), null, false);
    return sha256;
  }

  /** The shape stored with a registered model's params. */
  public static ImageShape shape(JsonNode params) {
    return new ImageShape(
        params.path("channels").asInt(),
        params.path("resolution").asInt(),
        params.path("classes").asInt());
  }

  /** Two samples (a ramp over [−1, 1], and its negation), class 0 for a conditional model. */
  private static void probe(TorchScriptDenoiser denoiser) {
    int dim = denoiser.dim();
    double[] x = new double[2 * dim];
    for (int i = 0; i < dim; i++) {
      x[i] = -1 + 2.0 * i / Math.max(1, dim - 1);
      x[dim + i] = -x[i];
    }
    Evaluation eval = Evaluation.standalone(2, 0);
    if (denoiser.conditionDim() > 0) {
      double[] oneHot = new double[2 * denoiser.conditionDim()];
      oneHot[0] = 1;
      oneHot[denoiser.conditionDim()] = 1;
      eval = eval.withCondition(oneHot);
    }
    for (double sigma : PROBE_SIGMAS) {
      try {
        denoiser.denoise(x, sigma, eval);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the probe call forward(x, sigma"
                + (denoiser.conditionDim() > 0 ? ", class_labels" : "")
                + ") failed: "
                + e.getMessage(),
            e);
      } catch (RuntimeException e) {
        // The engine's own complaint, e.g. a forward() that takes other arguments.
        throw new IllegalArgumentException(
            "the probe call forward(x: float32 "
                + "[2, "
                + denoiser.shape().channels()
                + ", "
                + denoiser.shape().resolution()
                + ", "
                + denoiser.shape().resolution()
                + "], sigma: float32 [2]"
                + (denoiser.conditionDim() > 0
                    ? ", class_labels: float32 [2, " + denoiser.conditionDim() + "]"
                    : "")
                + ") failed: "
                + TorchScriptDenoiser.firstLine(e),
            e);
      }
    }
  }

  private ObjectNode params(ImageShape shape, String description) {
    ObjectNode params = json.createObjectNode();
    params.put(
        "description",
        description.isBlank()
            ? String.format(
                "TorchScript image denoiser, %d×%d×%d%s",
                shape.channels(),
                shape.resolution(),
                shape.resolution(),
                shape.classes() == 0 ? "" : ", " + shape.classes() + " classes")
            : description);
    params.put("conditional", shape.classes() > 0);
    params.put("channels", shape.channels());
    params.put("resolution", shape.resolution());
    params.put("classes", shape.classes());
    return params;
  }
}
