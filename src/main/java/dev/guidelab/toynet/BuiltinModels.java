package dev.guidelab.toynet;

import dev.guidelab.toy.ToyClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reference toy models of docs/toy.md, trained by Guidelab's own {@link ToyTrainer} and shipped
 * as small model files under {@code src/main/resources/models/} (registered at first start).
 * Training is deterministic, so this command regenerates them bit for bit on the kind of CPU they
 * were trained on (an Intel Xeon; on other CPUs libtorch's float32 kernels round differently, and
 * the weights come out within about 1e-4 of the shipped ones, see {@code BuiltinModelsTest}):
 *
 * <p>Snapshot families (docs/toy-networks.md, "Snapshot families") are the post-hoc EMA snapshots
 * of longer runs of the same recipes, shipped under {@code src/main/resources/models/ema/}: the
 * published model {@code <family>-<iteration>} is the run's published EMA at that iteration
 * (training depends only on the iteration, so a longer run passes through the shorter one's state;
 * {@code BuiltinFamiliesTest}). They were trained on an AMD EPYC, the published files on an Intel
 * Xeon, so a family's snapshots and its published model differ by float32 drift (about 1e-4).
 *
 * <pre>
 *   ./mvnw -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp target/classes:$(cat target/cp.txt) dev.guidelab.toynet.BuiltinModels \
 *       src/main/resources/models [name ...]
 * </pre>
 *
 * <p>Names are those of {@link #ALL} and {@link #FAMILIES} ({@code toy-mlp:A-64}, {@code
 * toy-mlp:A-32}: a family's files go to {@code <dir>/ema/}); without names every model and family
 * is trained (about 20 minutes per 4096-iteration run on a loaded 2-vCPU machine).
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

  /** One snapshot family: a training run whose post-hoc EMA snapshots are shipped. */
  public record Family(String name, String description, ToyTrainingSpec spec) {

    /** One shipped snapshot: its iteration and profile width. */
    public record Snapshot(long iteration, double sigmaRel) {}

    /**
     * The snapshots the run takes: every {@code snapshotEvery} iterations and at the last one, each
     * for every post-hoc σ_rel (in the trainer's order).
     */
    public List<Snapshot> snapshots() {
      List<Snapshot> all = new ArrayList<>();
      for (int it = 1; it <= spec.iterations(); it++) {
        if (it % spec.snapshotEvery() == 0 || it == spec.iterations()) {
          for (double sigmaRel : spec.postHocSigmaRels()) {
            all.add(new Snapshot(it, sigmaRel));
          }
        }
      }
      return all;
    }

    /** Classpath location of one snapshot's file. */
    public String resource(Snapshot snapshot) {
      return "/models/ema/" + fileName(snapshot);
    }

    /** Path of one snapshot's file below the models directory. */
    public String fileName(Snapshot snapshot) {
      return String.format(
          Locale.ROOT,
          "%s/%d-%.3f.glnet",
          name.substring(name.indexOf(':') + 1),
          snapshot.iteration(),
          snapshot.sigmaRel());
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

  /**
   * The shipped snapshot families: {@code toy-mlp:A-64-4096} and {@code toy-mlp:A-32-512}'s runs.
   */
  public static final List<Family> FAMILIES =
      List.of(
          new Family(
              "toy-mlp:A-64",
              "post-hoc EMA snapshots of the A-64-4096 run: class A, H = 64, 4096 iterations",
              ToyTrainingSpec.reference(ToyNetConfig.of(64), ToyClass.A, 4096, SEED)),
          new Family(
              "toy-mlp:A-32",
              "post-hoc EMA snapshots of the A-32-512 recipe run to 4096 iterations: class A, H = 32",
              ToyTrainingSpec.reference(ToyNetConfig.of(32), ToyClass.A, 4096, SEED)
                  .withSnapshotEvery(128)));

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
    for (Family family : FAMILIES) {
      if (!only.isEmpty() && !only.contains(family.name())) {
        continue;
      }
      ToyTrainingSpec spec = family.spec();
      System.out.printf("Training family %s (%d iterations)%n", family.name(), spec.iterations());
      ToyTrainingResult result = new ToyTrainer(spec).train((it, loss) -> {});
      for (ToyNetwork snapshot : result.postHocSnapshots()) {
        ToyNetInfo info = snapshot.info();
        Path file =
            dir.resolve("ema")
                .resolve(
                    family.fileName(new Family.Snapshot(info.iteration(), info.emaSigmaRel())));
        Files.createDirectories(file.getParent());
        snapshot.save(file);
      }
      System.out.printf(
          "%s: %d snapshots, %.0f s%n",
          family.name(), result.postHocSnapshots().size(), result.seconds());
    }
  }
}
