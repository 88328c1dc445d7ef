package dev.guidelab.toynet;

import dev.guidelab.toy.ToyClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The reference toy models of docs/toy.md, trained by Guidelab's own {@link ToyTrainer} and shipped
 * as small model files under {@code src/main/resources/models/} (registered at first start).
 * Training is deterministic, so this command regenerates them bit for bit on the kind of CPU they
 * were trained on (an Intel Xeon; on other CPUs libtorch's float32 kernels round differently, and
 * the weights come out within about 1e-4 of the shipped ones, see {@code BuiltinModelsTest}):
 *
 * <pre>
 *   ./mvnw -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp target/classes:$(cat target/cp.txt) dev.guidelab.toynet.BuiltinModels \
 *       src/main/resources/models [name ...]
 * </pre>
 */
public final class BuiltinModels {

  /** One reference model: its stable name, architecture and recipe. */
  public record Builtin(String name, String description, ToyTrainingSpec spec) {

    /** Classpath location of the shipped file. */
    public String resource() {
      return "/models/" + fileName();
    }

    public String fileName() {
      return name.substring(name.indexOf(':') + 1) + ".glnet";
    }
  }

  /** Training seed of every reference model. */
  public static final long SEED = 0;

  public static final List<Builtin> ALL =
      List.of(
          new Builtin(
              "toy-mlp:A-64-4096",
              "main model: class A, H = 64, 4096 iterations",
              ToyTrainingSpec.reference(ToyNetConfig.of(64), ToyClass.A, 4096, SEED)),
          new Builtin(
              "toy-mlp:A-32-512",
              "autoguidance guide: class A, H = 32, 512 iterations",
              ToyTrainingSpec.reference(ToyNetConfig.of(32), ToyClass.A, 512, SEED)),
          new Builtin(
              "toy-mlp:AB-32-512",
              "CFG guide: unconditional on A∪B, H = 32, 512 iterations",
              ToyTrainingSpec.reference(ToyNetConfig.of(32), ToyClass.AB, 512, SEED)),
          new Builtin(
              "toy-mlp:cond-64",
              "class-conditional on A∪B (condition A, B or null), H = 64, 4096 iterations",
              ToyTrainingSpec.reference(ToyNetConfig.conditionalOf(64), ToyClass.AB, 4096, SEED)));

  private BuiltinModels() {}

  public static void main(String... args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "src/main/resources/models");
    List<String> only = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    Files.createDirectories(dir);
    for (Builtin builtin : ALL) {
      if (!only.isEmpty() && !only.contains(builtin.name())) {
        continue;
      }
      ToyTrainingSpec spec = builtin.spec();
      System.out.printf("Training %s (%d iterations)%n", builtin.name(), spec.iterations());
      ToyTrainingResult result =
          new ToyTrainer(spec)
              .train(
                  (it, loss) -> {
                    if (it % 256 == 0) {
                      System.out.printf(
                          "  %s %5d/%d loss %.4f%n", builtin.name(), it, spec.iterations(), loss);
                    }
                  });
      ToyNetwork ema = result.ema();
      ema.save(dir.resolve(builtin.fileName()));
      System.out.printf(
          "%s: validation loss %.5f, sha256 %s, %.0f s%n",
          builtin.name(), ema.info().validationLoss(), ema.sha256(), result.seconds());
    }
  }
}
