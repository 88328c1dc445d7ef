package dev.guidelab.models;

import dev.guidelab.toynet.BuiltinModels;
import dev.guidelab.toynet.ToyNetwork;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Registers the reference toy models shipped in the jar ({@link BuiltinModels}) at startup, so they
 * are ready on first start. Idempotent: later starts find them registered.
 */
@ApplicationScoped
public class BuiltinRegistration {

  private static final Logger LOG = Logger.getLogger(BuiltinRegistration.class);

  private final ToyModels models;

  public BuiltinRegistration(ToyModels models) {
    this.models = models;
  }

  void register(@Observes StartupEvent startup) {
    for (BuiltinModels.Builtin builtin : BuiltinModels.ALL) {
      ToyNetwork network = read(builtin);
      models.register(builtin.name(), network, builtin.description(), null, true);
      LOG.debugf("Built-in model %s is %s", builtin.name(), network.sha256());
    }
  }

  private static ToyNetwork read(BuiltinModels.Builtin builtin) {
    try (InputStream in = BuiltinRegistration.class.getResourceAsStream(builtin.resource())) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in model file "
                + builtin.resource()
                + " is missing; regenerate it with BuiltinModels");
      }
      return ToyNetwork.fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
