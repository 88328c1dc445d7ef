package dev.guidelab.references;

import dev.guidelab.content.Hashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Gaussian {@code N(μ, Σ)} of a reference set in some feature space: what a Fréchet distance
 * compares generated samples against (docs/metrics.md).
 *
 * <p>{@code key} is {@link #contentKey} of everything the numbers depend on — the source's content
 * hash, the feature network (hash, or {@value #RAW} for the data itself), the preprocessing
 * pipeline and {@code ddof} — so statistics found by key are never stale: other inputs give another
 * key. Compare two instances by {@link #key()}: the record's own {@code equals} compares the arrays
 * by identity. The arrays are shared, not copied; treat them as read-only.
 *
 * @param name the name users refer to it by, e.g. {@code toy-exact:A}
 * @param key SHA-256 hex of the inputs, see {@link #contentKey}
 * @param n number of samples behind the numbers, or {@code null} for exact moments or when an
 *     imported file does not say
 * @param dim dimension d
 * @param mu mean, {@code [d]}
 * @param sigma covariance, {@code [d][d]}, symmetric
 * @param source where the numbers come from, with its content hash: {@code npz:<sha256>} (imported
 *     μ and Σ), {@code npz:<sha256>:images:nhwc}, {@code npz:<sha256>:features}, {@code
 *     zip:<sha256>:images} (computed, {@link ReferenceSources}), {@code toy-exact:<sha256 of
 *     toy_gmm.json>:A}
 * @param featureNetwork the feature network (its content hash for computed statistics, as claimed
 *     for imported ones), {@value #RAW} or {@value #UNKNOWN}
 * @param pipeline the preprocessing pipeline, or {@value #UNKNOWN}
 * @param ddof Σ is normalised by {@code n − ddof}: 1 (numpy.cov, pytorch-fid) or 0 (StyleGAN3,
 *     exact moments)
 */
public record ReferenceStatistics(
    String name,
    String key,
    Long n,
    int dim,
    double[] mu,
    double[][] sigma,
    String source,
    String featureNetwork,
    String pipeline,
    int ddof) {

  /** The feature network of statistics computed on the data itself. */
  public static final String RAW = "raw";

  /** A feature network or pipeline an imported file cannot prove. */
  public static final String UNKNOWN = "unknown";

  public ReferenceStatistics {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(featureNetwork, "featureNetwork");
    Objects.requireNonNull(pipeline, "pipeline");
    if (mu.length != dim || sigma.length != dim) {
      throw new IllegalArgumentException(
          "mu has " + mu.length + " values and sigma " + sigma.length + " rows for d = " + dim);
    }
    for (double[] row : sigma) {
      if (row.length != dim) {
        throw new IllegalArgumentException("sigma is not " + dim + "×" + dim);
      }
    }
    if (ddof != 0 && ddof != 1) {
      throw new IllegalArgumentException("ddof must be 0 or 1, got " + ddof);
    }
    if (n != null && n < 1) {
      throw new IllegalArgumentException("n must be ≥ 1, got " + n);
    }
  }

  /** Statistics whose key is derived from the inputs. */
  public static ReferenceStatistics of(
      String name,
      Long n,
      double[] mu,
      double[][] sigma,
      String source,
      String featureNetwork,
      String pipeline,
      int ddof) {
    return new ReferenceStatistics(
        name,
        contentKey(source, featureNetwork, pipeline, ddof),
        n,
        mu.length,
        mu,
        sigma,
        source,
        featureNetwork,
        pipeline,
        ddof);
  }

  /**
   * SHA-256 hex of the inputs the numbers depend on, one per line: a format tag, the source (which
   * carries its content hash), the feature network, the pipeline and ddof.
   */
  public static String contentKey(String source, String featureNetwork, String pipeline, int ddof) {
    return Hashes.sha256(
        String.join(
            "\n", "guidelab-reference-v1", source, featureNetwork, pipeline, "ddof=" + ddof));
  }

  /**
   * The key of statistics Guidelab computed and stored with feature vectors for the k-NN metrics
   * ({@link ReferenceFeatures}) and, through a network with a classifier head, a Top-1 class
   * histogram: the lines of {@link #contentKey(String, String, String, int)}, the rule that chose
   * the kept vectors, and for {@code top1Classes} K > 0 a line {@code top1=K}, since they are all
   * stored under the same key. Without a histogram the key is what it was before histograms
   * existed, so statistics computed before them are still found; a network with a head gets another
   * key than those, computed without one.
   */
  public static String contentKey(
      String source,
      String featureNetwork,
      String pipeline,
      int ddof,
      String selection,
      int top1Classes) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "guidelab-reference-v1",
                source,
                featureNetwork,
                pipeline,
                "ddof=" + ddof,
                "knn=" + selection));
    if (top1Classes > 0) {
      lines.add("top1=" + top1Classes);
    }
    return Hashes.sha256(String.join("\n", lines));
  }
}
