package dev.guidelab.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The reproducibility record of an experiment: the content hash of everything it was accepted with,
 * as people read it (workers read the same hashes from the resolved form).
 *
 * @param models model name → content hash of its weights, main first
 * @param reference the reference statistics and their content key; null when none is named
 * @param featureNetwork the feature network and its content hash; null for the toy's raw samples
 */
public record Pins(
    Map<String, String> models,
    @Schema(nullable = true) Pin reference,
    @Schema(nullable = true) Pin featureNetwork) {

  /** A name and the content hash it stood for. */
  public record Pin(String name, String hash) {}

  public Pins {
    models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  /** Nothing pinned. */
  public static Pins none() {
    return new Pins(Map.of(), null, null);
  }
}
