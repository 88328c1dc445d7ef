package dev.guidelab.models;

import dev.guidelab.toynet.BuiltinModels;
import dev.guidelab.toynet.ToyNetwork;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Registers the reference toy models shipped in the jar ({@link BuiltinModels}) and the post-hoc
 * EMA snapshots of their families ({@link BuiltinModels#FAMILIES}) at startup, so they are ready on
 * first start. Idempotent: later starts find them registered.
 */
@ApplicationScoped
public class BuiltinRegistration {

  private static final Logger LOG = Logger.getLogger(BuiltinRegistration.class);

  private final ToyModels models;
  private final EmaSnapshots snapshots;

  public BuiltinRegistration(ToyModels models, EmaSnapshots snapshots) {
    this.models = models;
    this.snapshots = snapshots;
  }

  void register(@Observes StartupEvent startup) {
    for (BuiltinModels.Builtin builtin : BuiltinModels.ALL) {
      ToyNetwork network = read(builtin);
      models.register(builtin.name(), network, builtin.description(), null, true);
      LOG.debugf("Built-in model %s is %s", builtin.name(), network.sha256());
    }
    for (BuiltinModels.Family family : BuiltinModels.FAMILIES) {
      List<BuiltinModels.Family.Snapshot> shipped = family.snapshots();
      if (snapshots.family(family.name()).size() == shipped.size()) {
        continue; // registered at an earlier start
      }
      for (BuiltinModels.Family.Snapshot snapshot : shipped) {
        snapshots.register(family.name(), read(family.resource(snapshot)), true);
      }
      LOG.debugf("Built-in snapshot family %s: %d snapshots", family.name(), shipped.size());
    }
  }

  private static ToyNetwork read(BuiltinModels.Builtin builtin) {
    return read(builtin.resource());
  }

  private static ToyNetwork read(String resource) {
    try (InputStream in = BuiltinRegistration.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in model file " + resource + " is missing; regenerate it with BuiltinModels");
      }
      return ToyNetwork.fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
