package dev.guidelab.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.toynet.BuiltinModels;
import dev.guidelab.toynet.PostHocEma;
import dev.guidelab.toynet.ToyNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Models named by a post-hoc EMA address ({@link EmaAddress}): resolves an address against the
 * stored snapshot families ({@link EmaSnapshots}), and at submission reconstructs the network
 * ({@link PostHocEma}) and registers it under the address, so it is pinned and loaded like any
 * model. A reconstruction is computed once: an address already registered is not recomputed, and
 * another spelling of the same (family, iteration, σ_rel) becomes a second name for the same
 * weights.
 */
@ApplicationScoped
public class PostHocModels {

  /** A published model {@code <family>-<iteration>}. */
  private static final Pattern AT_ITERATION = Pattern.compile("(.+)-([0-9]+)");

  /** What an address resolves to. */
  public record Target(
      String family, long iteration, double sigmaRel, List<EmaSnapshots.Stored> snapshots) {

    String describe() {
      return String.format(
          Locale.ROOT,
          "post-hoc EMA σ_rel %s of %s at iteration %d, from %d snapshots",
          sigmaRel,
          family,
          iteration,
          snapshots.size());
    }
  }

  private final EmaSnapshots snapshots;
  private final ModelRegistry registry;
  private final ToyModels toyModels;
  private final ObjectMapper json;

  public PostHocModels(
      EmaSnapshots snapshots, ModelRegistry registry, ToyModels toyModels, ObjectMapper json) {
    this.snapshots = snapshots;
    this.registry = registry;
    this.toyModels = toyModels;
    this.json = json;
  }

  /**
   * What address {@code id} names: the family, the iteration and the stored snapshots a
   * reconstruction uses (those at or before the iteration).
   *
   * @throws IllegalArgumentException with a message for the user: a malformed address, a σ_rel
   *     outside the offered range, a base with no snapshots, an iteration not stored
   */
  public Target target(String id) {
    EmaAddress address = EmaAddress.parse(id);
    double sigmaRel = address.sigmaRel();
    EmaAddress.widthProblem(sigmaRel)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    String family = address.base();
    List<EmaSnapshots.Stored> stored = snapshots.family(family);
    long iteration;
    if (address.iteration().isPresent()) {
      if (stored.isEmpty()) {
        throw noFamily(family);
      }
      iteration = address.iteration().getAsLong();
    } else if (!stored.isEmpty()) {
      iteration = stored.get(stored.size() - 1).iteration(); // a family's last snapshot
    } else {
      Matcher m = AT_ITERATION.matcher(family);
      if (!m.matches() || snapshots.family(m.group(1)).isEmpty()) {
        throw noFamily(family);
      }
      family = m.group(1);
      stored = snapshots.family(family);
      iteration = Long.parseLong(m.group(2));
    }
    long at = iteration;
    if (stored.stream().noneMatch(s -> s.iteration() == at)) {
      throw new IllegalArgumentException(
          "snapshot family '"
              + family
              + "' has no snapshots at iteration "
              + iteration
              + "; its stored iterations are "
              + stored.stream().map(EmaSnapshots.Stored::iteration).distinct().toList());
    }
    List<EmaSnapshots.Stored> used = stored.stream().filter(s -> s.iteration() <= at).toList();
    return new Target(family, iteration, sigmaRel, used);
  }

  /** Whether the family's networks take a condition (read from one of its snapshots). */
  public boolean conditional(Target target) {
    return load(target.snapshots().get(0)).config().conditional();
  }

  /**
   * Registers the reconstruction {@code id} names, unless a model by that name exists; the
   * reconstruction is computed only if no other address of the same target was registered.
   *
   * @throws IllegalArgumentException as {@link #target}
   */
  public void materialize(String id) {
    if (registry.find(id).isPresent()) {
      return;
    }
    Target target = target(id);
    var same = registry.findPostHoc(target.family(), target.iteration(), target.sigmaRel());
    if (same.isPresent()) {
      ModelRegistry.Registered model = same.get();
      registry.register(
          id,
          model.kind(),
          model.sha256(),
          registry.bytes(model.sha256()),
          model.params(),
          null,
          false);
      return;
    }
    List<ToyNetwork> networks = new ArrayList<>();
    for (EmaSnapshots.Stored s : target.snapshots()) {
      networks.add(load(s));
    }
    PostHocEma.Reconstruction r =
        PostHocEma.reconstruct(networks, target.iteration(), target.sigmaRel());
    toyModels.register(id, r.network(), target.describe(), provenance(target, r.coefficients()));
  }

  /** {@code family, iteration, sigmaRel, snapshots} and each snapshot's coefficient. */
  private ObjectNode provenance(Target target, double[] coefficients) {
    ObjectNode postHoc = json.createObjectNode();
    postHoc.put("family", target.family());
    postHoc.put("iteration", target.iteration());
    postHoc.put("sigmaRel", target.sigmaRel());
    postHoc.put("snapshots", target.snapshots().size());
    ArrayNode terms = postHoc.putArray("coefficients");
    for (int i = 0; i < coefficients.length; i++) {
      EmaSnapshots.Stored s = target.snapshots().get(i);
      terms
          .addObject()
          .put("iteration", s.iteration())
          .put("sigmaRel", s.sigmaRel())
          .put("coefficient", coefficients[i]);
    }
    return postHoc;
  }

  private ToyNetwork load(EmaSnapshots.Stored s) {
    ToyNetwork network = ToyNetwork.fromBytes(registry.bytes(s.sha256()));
    if (!network.sha256().equals(s.sha256())) {
      throw new IllegalStateException("snapshot file " + s.sha256() + " does not match its hash");
    }
    return network;
  }

  private static IllegalArgumentException noFamily(String name) {
    return new IllegalArgumentException(
        "'"
            + name
            + "' has no post-hoc EMA snapshots: an address names a Guidelab-trained toy network"
            + " (toy-mlp:<name> or toy-mlp:<name>-<iteration>), a reference family ("
            + String.join(", ", BuiltinModels.FAMILIES.stream().map(f -> f.name()).toList())
            + ") or a reference model <family>-<iteration> of one");
  }
}
