package dev.guidelab.toynet;

/**
 * One training run of the autoguidance guide's recipe ({@code toy-mlp:A-32-512}) with its family's
 * snapshot interval, which changes no weights. {@link BuiltinModelsTest} and {@link
 * BuiltinFamiliesTest} both need such a run and run in one test JVM; a 512-iteration run takes
 * about 13 s on an idle core and up to 50 s on a busy two-core build machine, so they share one.
 */
final class GuideRecipeRun {

  static final BuiltinModels.Builtin GUIDE =
      BuiltinModels.ALL.stream()
          .filter(b -> b.name().equals("toy-mlp:A-32-512"))
          .findFirst()
          .orElseThrow();

  private static ToyTrainingResult result;

  private GuideRecipeRun() {}

  /** The run, trained at the first call. */
  static synchronized ToyTrainingResult result() {
    if (result == null) {
      result = new ToyTrainer(GUIDE.spec().withSnapshotEvery(128)).train((it, loss) -> {});
    }
    return result;
  }
}
