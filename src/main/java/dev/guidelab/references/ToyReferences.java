package dev.guidelab.references;

import dev.guidelab.content.Hashes;
import dev.guidelab.toy.GaussianMixture;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.toy.ToyGroundTruth;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The exact toy references {@code toy-exact:A}, {@code toy-exact:B} and {@code toy-exact:AB}: the
 * mean and covariance of each ground-truth mixture at σ = 0 (docs/toy.md), in the raw 2-D space.
 * Their source is the ground-truth file's hash, so editing that file gives new keys. They are
 * population moments: {@code n} is null and {@code ddof} 0. Registered at startup; idempotent.
 */
@ApplicationScoped
public class ToyReferences {

  /** Name prefix of the exact toy references. */
  public static final String PREFIX = "toy-exact:";

  /** The pipeline of raw toy points (no preprocessing). */
  public static final String PIPELINE = "toy-2d";

  private static final Logger LOG = Logger.getLogger(ToyReferences.class);

  private final ReferenceStore store;

  public ToyReferences(ReferenceStore store) {
    this.store = store;
  }

  /** The exact reference of class {@code c}, {@code toy-exact:<c>}. */
  public static ReferenceStatistics exact(ToyClass c) {
    GaussianMixture mixture = ToyGroundTruth.get().mixture(c);
    String source = PREFIX + Hashes.sha256(ToyGroundTruth.resourceBytes()) + ":" + c.name();
    return ReferenceStatistics.of(
        name(c),
        null,
        mixture.mean(),
        mixture.covariance(),
        source,
        ReferenceStatistics.RAW,
        PIPELINE,
        0);
  }

  /** {@code toy-exact:A}, … */
  public static String name(ToyClass c) {
    return PREFIX + c.name();
  }

  /**
   * The class whose exact reference is named {@code name} ({@code toy-exact:B} → B), or empty for
   * any other name, such as imported statistics, whose distribution beyond μ and Σ is unknown.
   */
  public static Optional<ToyClass> classOf(String name) {
    for (ToyClass c : ToyClass.values()) {
      if (name(c).equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  void register(@Observes StartupEvent startup) {
    for (ToyClass c : ToyClass.values()) {
      ReferenceStatistics exact = exact(c);
      try {
        store.saveIfAbsent(
            exact,
            String.format(
                Locale.ROOT, "exact moments of the toy class-%s ground truth (docs/toy.md)", c));
      } catch (IllegalStateException e) {
        // The ground-truth file changed since the name was first registered: keep the old numbers
        // under the old name rather than moving it, and say so.
        LOG.warnf("Toy reference %s not registered: %s", exact.name(), e.getMessage());
      }
    }
  }
}
