package dev.guidelab;

import dev.guidelab.results.ProgressChannels;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code guidelab.role} into the switches it implies: only workers take work ({@code
 * guidelab.worker.enabled}), only api instances consume the progress topic and run the sweeper
 * ({@code guidelab.sweeper.enabled}) and create the first admin account ({@code
 * guidelab.api.enabled}). Low ordinal, so an explicit {@code mp.messaging.incoming.*.enabled} still
 * wins.
 */
public final class RoleConfigSourceFactory implements ConfigSourceFactory {

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue value = context.getValue("guidelab.role");
    Role role = Role.ALL;
    if (value != null && value.getValue() != null) {
      role = Role.of(value.getValue());
    }
    return List.of(
        new PropertiesConfigSource(
            Map.of(
                "guidelab.worker.enabled",
                String.valueOf(role.computes()),
                "mp.messaging.incoming." + ProgressChannels.PROGRESS_IN + ".enabled",
                String.valueOf(role.servesApi()),
                "guidelab.sweeper.enabled",
                String.valueOf(role.servesApi()),
                "guidelab.api.enabled",
                String.valueOf(role.servesApi())),
            "guidelab-role",
            50));
  }
}
