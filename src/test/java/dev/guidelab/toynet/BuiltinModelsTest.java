package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BuiltinModelsTest {

  private static byte[] shipped(BuiltinModels.Builtin builtin) throws IOException {
    try (InputStream in = BuiltinModelsTest.class.getResourceAsStream(builtin.resource())) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyShippedModelMatchesItsRecipe() throws IOException {
    for (BuiltinModels.Builtin builtin : BuiltinModels.ALL) {
      ToyNetwork net = ToyNetwork.fromBytes(shipped(builtin));
      ToyTrainingSpec spec = builtin.spec();
      assertEquals(spec.net(), net.config(), builtin.name());
      assertEquals(spec.classes(), net.info().classes(), builtin.name());
      assertEquals(spec.iterations(), net.info().iteration(), builtin.name());
      assertEquals(spec.seed(), net.info().trainingSeed(), builtin.name());
      assertEquals(spec.emaSigmaRel(), net.info().emaSigmaRel(), builtin.name());
    }
  }

  @Test
  void theShippedAutoguidanceGuideIsRegeneratedBitForBitByTheTrainer() throws IOException {
    // The cheapest reference model (512 iterations of H = 32, about a minute on one core); the
    // others come from the same deterministic trainer.
    BuiltinModels.Builtin guide =
        BuiltinModels.ALL.stream()
            .filter(b -> b.name().equals("toy-mlp:A-32-512"))
            .findFirst()
            .orElseThrow();
    ToyNetwork trained = new ToyTrainer(guide.spec()).train((it, loss) -> {}).ema();
    assertArrayEquals(shipped(guide), trained.toBytes());
  }
}
