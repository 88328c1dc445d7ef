package dev.guidelab.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The package layering of ARCHITECTURE.md ("Packages"): each package of {@code src/main} uses only
 * the Guidelab packages listed for it (and itself). A package not listed here fails the test, so a
 * new package must be placed in the layering, here and in ARCHITECTURE.md.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.guidelab";

  /** Package (below {@code dev.guidelab}; {@code ""} is the root) → the packages it may use. */
  static final Map<String, Set<String>> MAY_USE =
      Map.ofEntries(
          // Foundations: request errors, content hashes.
          Map.entry("api", Set.of()),
          Map.entry("content", Set.of()),
          // Math: no service package, no framework.
          Map.entry("sampling", Set.of()),
          Map.entry("toy", Set.of("sampling")),
          Map.entry("guidance", Set.of("sampling")),
          Map.entry("guidance.methods", Set.of("guidance", "sampling")),
          Map.entry("metrics", Set.of("toy", "sampling")),
          // Networks on the DJL engine.
          Map.entry("djl", Set.of()),
          Map.entry("toynet", Set.of("djl", "toy", "sampling")),
          Map.entry("features", Set.of("djl", "content")),
          // The metrics' matrix products on the networks' device (a GPU worker's).
          Map.entry("metrics.device", Set.of("metrics", "djl")),
          // Storage.
          Map.entry("db", Set.of()),
          Map.entry("ledger", Set.of("db")),
          // Users, tokens, sessions: who sends a request, and what they may do.
          Map.entry("accounts", Set.of("api", "db")),
          Map.entry(
              "models",
              Set.of(
                  "accounts",
                  "api",
                  "content",
                  "db",
                  "djl",
                  "features",
                  "sampling",
                  "toy",
                  "toynet")),
          Map.entry(
              "references",
              Set.of(
                  "accounts",
                  "api",
                  "content",
                  "db",
                  "features",
                  "ledger",
                  "metrics",
                  "models",
                  "toy")),
          // Messaging: the work topic and the progress topic know nothing of each other.
          Map.entry("queue", Set.of()),
          Map.entry("results", Set.of("db", "ledger", "metrics", "references")),
          // The resolved forms of queued work: what the api stores and workers read.
          Map.entry(
              "work",
              Set.of(
                  "content",
                  "ledger",
                  "metrics",
                  "models",
                  "references",
                  "sampling",
                  "toy",
                  "features")),
          // Requests: specs, their validation and resolution, the REST resources that take them.
          Map.entry(
              "experiment",
              Set.of(
                  "accounts",
                  "api",
                  "content",
                  "db",
                  "features",
                  "guidance",
                  "ledger",
                  "metrics",
                  "models",
                  "queue",
                  "references",
                  "results",
                  "sampling",
                  "toy",
                  "work")),
          // The one point engine: claims (on the device the DJL engine chose), heartbeats, reports,
          // retries, the sweeper.
          Map.entry("engine", Set.of("db", "djl", "ledger", "queue", "results")),
          // The kinds of queued work, computed: sweep points, trainings, reference statistics.
          Map.entry(
              "worker",
              Set.of(
                  "api",
                  "db",
                  "engine",
                  "features",
                  "guidance",
                  "ledger",
                  "metrics",
                  "models",
                  "references",
                  "results",
                  "sampling",
                  "toy",
                  "toynet",
                  "work")),
          // The process: roles and the embedded services.
          Map.entry("local", Set.of()),
          Map.entry("", Set.of("accounts", "queue", "results")));

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyPackageUsesOnlyThePackagesBelowIt() {
    List<String> violations = violations(MAIN);
    assertTrue(violations.isEmpty(), "forbidden dependencies:\n" + String.join("\n", violations));
  }

  @Test
  void everyPackageIsPlacedInTheLayering() {
    Set<String> packages = new TreeSet<>();
    for (JavaClass c : MAIN) {
      packages.add(packageOf(c));
    }
    assertEquals(new TreeSet<>(MAY_USE.keySet()), packages);
  }

  /**
   * The worker path (the engine and the kinds it runs) reads resolved forms: it never calls the
   * spec parser (the package table keeps it out of {@code experiment}) and never looks a model,
   * feature network or reference up by name — it loads them by the content hash pinned at
   * submission.
   */
  @Test
  void theWorkerPathLooksNothingUpByName() {
    Set<String> byName =
        Set.of(
            "dev.guidelab.models.ModelCatalog.find",
            "dev.guidelab.models.ModelCatalog.pin",
            "dev.guidelab.models.ModelCatalog.exists",
            "dev.guidelab.models.ModelCatalog.conditional",
            "dev.guidelab.models.ModelCatalog.imageShape",
            "dev.guidelab.models.FeatureNetworks.find",
            "dev.guidelab.references.ReferenceStore.findByName",
            "dev.guidelab.references.ReferenceStore.summary",
            "dev.guidelab.references.ReferenceStore.pin");
    List<String> calls = new ArrayList<>();
    for (JavaClass c : MAIN) {
      String from = packageOf(c);
      if (!from.equals("worker") && !from.equals("engine")) {
        continue;
      }
      c.getMethodCallsFromSelf().stream()
          .filter(call -> byName.contains(call.getTargetOwner().getName() + "." + call.getName()))
          .forEach(call -> calls.add(call.getDescription()));
    }
    assertTrue(calls.isEmpty(), "lookups by name in the worker path:\n" + String.join("\n", calls));
  }

  /** The rule itself catches a forbidden import: a math class that reaches into the worker. */
  @Test
  void aForbiddenImportIsReported() {
    JavaClasses fixture =
        new ClassFileImporter().importClasses(dev.guidelab.sampling.ArchitectureFixture.class);
    List<String> violations = violations(fixture);
    assertEquals(1, violations.size(), String.join("\n", violations));
    assertTrue(violations.get(0).contains("sampling → worker"), violations.get(0));
  }

  /** Every dependency of {@code classes} on a Guidelab package its own package may not use. */
  static List<String> violations(JavaClasses classes) {
    Set<String> found = new TreeSet<>();
    for (JavaClass c : classes) {
      String from = packageOf(c);
      Set<String> allowed = MAY_USE.getOrDefault(from, Set.of());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (!target.getPackageName().startsWith(ROOT)) {
          continue;
        }
        String to = packageOf(target);
        if (!to.equals(from) && !allowed.contains(to)) {
          found.add(
              (from.isEmpty() ? "(root)" : from)
                  + " → "
                  + to
                  + ": "
                  + c.getSimpleName()
                  + " uses "
                  + target.getName());
        }
      }
    }
    return new ArrayList<>(found);
  }

  private static String packageOf(JavaClass c) {
    String name = c.getPackageName();
    return name.equals(ROOT) ? "" : name.substring(ROOT.length() + 1);
  }
}
