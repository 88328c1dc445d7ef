package dev.guidelab.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The fixtures of {@code tools/make_denoiser_fixtures.py}: TorchScript exact denoisers of images
 * {@code x ~ N(μ, s²I)} (3×16×16), a wrong one, a class-conditional one, one that breaks the
 * contract, a 64-D feature network with and without a classifier head, and {@code
 * gaussian-images.json} with μ, s and PyTorch's probe outputs.
 */
public final class ImageFixtures {

  public static final String EXACT = "gaussian-exact";
  public static final String BAD = "gaussian-bad";
  public static final String CLASSES = "gaussian-classes";
  public static final String WRONG_SHAPE = "wrong-shape";
  public static final String FEATURES = "pooled-features";

  /**
   * The 64-D feature network with a two-class head in Inception's call convention, the Bayes
   * classifier of {@link #CLASSES}' two classes.
   */
  public static final String CLASSIFIER = "classifier-features";

  /** The fixtures' sample shape, 3×16×16, unconditional. */
  public static final ImageShape SHAPE = new ImageShape(3, 16, 0);

  /** The class-conditional fixture's shape: 3×16×16, two one-hot classes. */
  public static final ImageShape CLASSES_SHAPE = new ImageShape(3, 16, 2);

  private static final JsonNode DOC = json();

  private ImageFixtures() {}

  /** The bytes of {@code <name>.pt}. */
  public static byte[] file(String name) {
    return resource(name + ".pt");
  }

  /** The JSON document: mu, s, sBad, muShiftBad, delta ({@code [2, 3·16·16]}), sha256, probe. */
  public static JsonNode doc() {
    return DOC;
  }

  /** The data mean μ, {@code [3·16·16]}. */
  public static double[] mu() {
    return doubles(DOC.get("mu"));
  }

  /**
   * The class-conditional fixture's mean of class {@code c}, {@code μ + δ_c} ({@code [3·16·16]});
   * its null condition has mean μ.
   */
  public static double[] classMean(int c) {
    double[] mean = mu();
    for (int i = 0; i < mean.length; i++) {
      mean[i] += DOC.get("delta").get(c * mean.length + i).asDouble();
    }
    return mean;
  }

  /** The data standard deviation s of the exact model. */
  public static double s() {
    return DOC.get("s").asDouble();
  }

  public static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static JsonNode json() {
    try {
      return new ObjectMapper().readTree(resource("gaussian-images.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = ImageFixtures.class.getResourceAsStream("/denoisers/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /denoisers/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
