package dev.guidelab.toynet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped snapshot families ({@link BuiltinModels#FAMILIES}) belong to the published reference
 * models: a longer run of a recipe passes through the shorter run's state, so the published names
 * stay what they were.
 */
@Tag("slow")
class BuiltinFamiliesTest {

  private static ToyNetwork shipped(String resource) throws IOException {
    try (InputStream in = BuiltinFamiliesTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return ToyNetwork.fromBytes(in.readAllBytes());
    }
  }

  private static BuiltinModels.Family family(String name) {
    return BuiltinModels.FAMILIES.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyShippedSnapshotMatchesItsFamilysRecipe() throws IOException {
    for (BuiltinModels.Family family : BuiltinModels.FAMILIES) {
      ToyTrainingSpec spec = family.spec();
      for (BuiltinModels.Family.Snapshot s : family.snapshots()) {
        ToyNetwork net = shipped(family.resource(s));
        String what = family.name() + " " + s;
        assertEquals(spec.net(), net.config(), what);
        assertEquals(spec.classes(), net.info().classes(), what);
        assertEquals(spec.seed(), net.info().trainingSeed(), what);
        assertEquals(spec.batchSize(), net.info().batchSize(), what);
        assertEquals(s.iteration(), net.info().iteration(), what);
        assertEquals(s.sigmaRel(), net.info().emaSigmaRel(), what);
      }
    }
    assertEquals(64, family("toy-mlp:A-32").snapshots().size());
    assertEquals(32, family("toy-mlp:A-64").snapshots().size());
  }

  /** Ends a training run early from its progress callback. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * {@code toy-mlp:A-32-512} is the published EMA at iteration 512 of the {@code toy-mlp:A-32} run
   * (4096 iterations): the run stopped after 512 iterations gives bit for bit what the
   * 512-iteration recipe gives, which is the shipped file up to the CPU drift {@code
   * BuiltinModelsTest} measures (bit for bit on the Intel Xeon it was trained on), and its post-hoc
   * snapshots up to 512 are the shipped family's (bit for bit on the AMD EPYC they were trained
   * on).
   */
  @Test
  void theAutoguidanceGuideIsItsFamilysPublishedEmaAt512() throws IOException {
    BuiltinModels.Family family = family("toy-mlp:A-32");
    BuiltinModels.Builtin guide = GuideRecipeRun.GUIDE;
    ToyNetwork[] at512 = new ToyNetwork[1];
    try {
      new ToyTrainer(family.spec())
          .train(
              new ToyTrainer.Progress() {
                @Override
                public void onIteration(int iteration, double loss) {
                  if (iteration == 512) {
                    throw new Stop();
                  }
                }

                @Override
                public void onSnapshot(ToyNetwork snapshot) {
                  if (snapshot.info().iteration() == 512) {
                    at512[0] = snapshot;
                  }
                }
              });
    } catch (Stop expected) {
      // stopped after iteration 512
    }
    // The recipe with the family's snapshot interval (which changes no weights).
    ToyTrainingResult recipe = GuideRecipeRun.result();
    assertNotNull(at512[0]);
    assertArrayEquals(
        recipe.ema().withInfo(at512[0].info()).toBytes(), at512[0].toBytes(), "same CPU, bits");

    ToyNetwork published = shipped(guide.resource());
    assertClose(published, at512[0], 1e-4);
    for (ToyNetwork snapshot : recipe.postHocSnapshots()) {
      ToyNetInfo info = snapshot.info();
      ToyNetwork stored =
          shipped(
              family.resource(
                  new BuiltinModels.Family.Snapshot(info.iteration(), info.emaSigmaRel())));
      assertClose(stored, snapshot, 1e-4);
    }
    assertEquals(8, recipe.postHocSnapshots().size());
  }

  private static void assertClose(ToyNetwork expected, ToyNetwork actual, double tolerance) {
    assertEquals(expected.config(), actual.config());
    for (int l = 0; l < expected.config().linearCount(); l++) {
      float[] e = expected.weights(l);
      float[] a = actual.weights(l);
      for (int i = 0; i < e.length; i++) {
        assertEquals(e[i], a[i], tolerance, "layer " + l + " weight " + i);
      }
    }
    assertEquals(expected.gain(), actual.gain(), tolerance);
  }
}
