package dev.guidelab.toy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The toy ground truth of docs/toy.md, loaded once from the classpath resource {@value #RESOURCE}
 * (the ground truth of the autoguidance paper's toy script; its provenance is in the file and in
 * docs/toy.md, "Ground truth"): the class-A, class-B and A∪B mixtures, and the branch structure of
 * class A used by the branch metrics.
 */
public final class ToyGroundTruth {

  /** Classpath location of the ground-truth JSON. */
  public static final String RESOURCE = "/toy/toy_gmm.json";

  private final Map<ToyClass, GaussianMixture> mixtures = new EnumMap<>(ToyClass.class);
  private final int[] branchOfA; // [K_A] branch 0..B_A−1 of each class-A component
  private final double[] branchMassA; // [B_A] Σ w_in_class per class-A branch
  private final double priorA; // π_A = Σ_{k∈A} w_in_AB / Σ_k w_in_AB

  /** The shared instance (loaded on first use). */
  public static ToyGroundTruth get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final ToyGroundTruth INSTANCE = load();
  }

  private static ToyGroundTruth load() {
    try {
      return new ToyGroundTruth(new ObjectMapper().readTree(resourceBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read toy ground truth " + RESOURCE, e);
    }
  }

  /** The ground-truth file as shipped, for content hashes. */
  public static byte[] resourceBytes() {
    try (InputStream in = ToyGroundTruth.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("toy ground truth not on the classpath: " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read toy ground truth " + RESOURCE, e);
    }
  }

  private ToyGroundTruth(JsonNode root) {
    List<MixtureComponent> a = new ArrayList<>();
    List<MixtureComponent> b = new ArrayList<>();
    List<MixtureComponent> ab = new ArrayList<>();
    List<Integer> branches = new ArrayList<>();
    double massA = 0; // Σ_{k∈A} w_in_AB
    double massAll = 0; // Σ_k w_in_AB
    for (JsonNode c : root.get("components")) {
      String cls = c.get("cls").asText();
      JsonNode mu = c.get("mu");
      JsonNode s = c.get("Sigma");
      double inClass = c.get("w_in_class").asDouble();
      double inAb = c.get("w_in_AB").asDouble();
      double m0 = mu.get(0).asDouble();
      double m1 = mu.get(1).asDouble();
      double s00 = s.get(0).get(0).asDouble();
      double s01 = s.get(0).get(1).asDouble();
      double s11 = s.get(1).get(1).asDouble();
      ab.add(new MixtureComponent(inAb, m0, m1, s00, s01, s11));
      massAll += inAb;
      switch (cls) {
        case "A" -> {
          massA += inAb;
          a.add(new MixtureComponent(inClass, m0, m1, s00, s01, s11));
          branches.add(c.get("branch").asInt());
        }
        case "B" -> b.add(new MixtureComponent(inClass, m0, m1, s00, s01, s11));
        default ->
            throw new IllegalStateException("unknown toy class '" + cls + "' in " + RESOURCE);
      }
    }
    priorA = massA / massAll;
    mixtures.put(ToyClass.A, new GaussianMixture(a));
    mixtures.put(ToyClass.B, new GaussianMixture(b));
    mixtures.put(ToyClass.AB, new GaussianMixture(ab));
    // Class-A branches renumbered densely 0..B_A−1 (they are 0..126 in the file).
    int first = branches.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int count = branches.stream().mapToInt(Integer::intValue).max().orElseThrow() - first + 1;
    branchOfA = branches.stream().mapToInt(br -> br - first).toArray();
    branchMassA = new double[count];
    for (int k = 0; k < a.size(); k++) {
      branchMassA[branchOfA[k]] += a.get(k).phi();
    }
  }

  /** The exact mixture of a class (A, B) or of the union (AB). */
  public GaussianMixture mixture(ToyClass c) {
    return mixtures.get(c);
  }

  /**
   * Prior π_c of class {@code c} in the A∪B mixture: its total {@code w_in_AB} weight (π_A =
   * 0.477011, the class mass 8.325512 over 8.325512 + 9.127987; docs/toy.md, "Ground truth", on the
   * 0.477025 printed elsewhere), so that {@code p_AB = π_A p_A + π_B p_B}. 1 for AB itself.
   */
  public double classPrior(ToyClass c) {
    return switch (c) {
      case A -> priorA;
      case B -> 1 - priorA;
      case AB -> 1;
    };
  }

  /** Branch (0..{@link #branchCountA()}−1) of class-A component {@code k}. */
  public int branchOfA(int k) {
    return branchOfA[k];
  }

  /** Number of class-A branches (127). */
  public int branchCountA() {
    return branchMassA.length;
  }

  /**
   * True branch masses of class A: Σ {@code w_in_class} per branch, {@code [127]}, a fresh copy.
   */
  public double[] branchMassesA() {
    return branchMassA.clone();
  }
}
