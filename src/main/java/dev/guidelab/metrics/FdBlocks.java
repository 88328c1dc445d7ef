package dev.guidelab.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Fréchet distances of a stream of samples (or feature vectors) against fixed reference
 * moments, kept as {@value #BLOCKS} moment blocks (docs/metrics.md, "Bias"): {@link Metric#FD} of
 * all samples, the delete-one-block jackknife ({@link FrechetJackknife}: {@link Metric#FD_DEBIASED}
 * and the standard error of both) and, when wanted, {@link Metric#FD_INFINITY} with its jackknife
 * SE ({@link BlockFdInfinity}, over the same blocks). {@link ToyMetrics} and {@link
 * FeatureSpaceMetrics} share it and differ only in their {@link Rules}. Not thread-safe.
 */
final class FdBlocks {

  /** Blocks B of the jackknife and of FD∞'s subsets. */
  static final int BLOCKS = 20;

  /** Which block a sample goes to. */
  enum Partition {
    /**
     * A mixed hash of the sample's coordinates' bits, mod B: a random partition of iid samples that
     * does not depend on their order, so merged accumulators equal one pass exactly.
     */
    COORDINATE_HASH,
    /**
     * Sample k of the stream goes to block {@code k mod B}: samples are iid given their seeds, so
     * this is a random partition, and it does not depend on the batch size (but on the order).
     */
    STREAM_ORDER
  }

  /** Where the moments of all samples, which {@link Metric#FD} is measured from, come from. */
  enum Total {
    /** An accumulator of their own, fed each batch beside the blocks. */
    OWN_ACCUMULATOR,
    /**
     * The blocks merged when asked: {@code d²} work per block instead of per sample, for
     * high-dimensional features.
     */
    MERGED_BLOCKS
  }

  /** When the jackknife and FD∞ are computed. */
  enum Schedule {
    /**
     * Whenever asked, as soon as every block has a sample (FD∞: two), each once per sample count:
     * cheap in 2-D.
     */
    AS_BLOCKS_FILL,
    /**
     * Once, when all planned samples are in and every block has two: the jackknife costs B + 1
     * distances and FD∞ with its error bar B(B−2) + 1 + B((B−1)(B−3) + 1) = 6,841, seconds each at
     * d = 2048.
     */
    AT_PLANNED_END
  }

  /**
   * How a pipeline uses the blocks.
   *
   * @param partition which block a sample goes to
   * @param total where FD's moments come from
   * @param schedule when the jackknife and FD∞ are computed
   */
  record Rules(Partition partition, Total total, Schedule schedule) {

    /** The toy's: order-free blocks (accumulators merge), block estimates as blocks fill. */
    static final Rules TOY =
        new Rules(Partition.COORDINATE_HASH, Total.OWN_ACCUMULATOR, Schedule.AS_BLOCKS_FILL);

    /** Feature streams': blocks by stream index, block estimates once at the planned end. */
    static final Rules FEATURES =
        new Rules(Partition.STREAM_ORDER, Total.MERGED_BLOCKS, Schedule.AT_PLANNED_END);
  }

  private final FrechetDistance.Reference reference;
  private final Rules rules;
  private final long plannedSamples;
  private final boolean fdInfinityWanted;
  private final List<MomentAccumulator> blocks = new ArrayList<>(); // [B]
  private final MomentAccumulator total; // OWN_ACCUMULATOR only
  private long n;
  private FrechetJackknife.Estimate jackknife; // at jackknifeN samples (cached)
  private long jackknifeN = -1;
  private BlockFdInfinity.Estimate fdInfinity; // at fdInfinityN samples (cached)
  private long fdInfinityN = -1;

  /**
   * @param reference the moments the distances are measured against
   * @param plannedSamples samples of the run ({@link Schedule#AT_PLANNED_END} waits for them)
   * @param fdInfinityWanted whether {@link Metric#FD_INFINITY} is computed (else NaN)
   */
  FdBlocks(
      FrechetDistance.Reference reference,
      Rules rules,
      long plannedSamples,
      boolean fdInfinityWanted) {
    this.reference = reference;
    this.rules = rules;
    this.plannedSamples = plannedSamples;
    this.fdInfinityWanted = fdInfinityWanted;
    // All centred on the reference mean, near which good samples lie: blocks then merge by adding.
    double[] centre = reference.mean();
    this.total = rules.total() == Total.OWN_ACCUMULATOR ? new MomentAccumulator(centre) : null;
    for (int b = 0; b < BLOCKS; b++) {
      blocks.add(new MomentAccumulator(centre));
    }
  }

  /** Adds the next samples of the stream, {@code [m, dim]} row-major. */
  void accept(double[] x, int dim) {
    int m = x.length / dim;
    for (int i = 0; i < m; i++) {
      double[] row = Arrays.copyOfRange(x, i * dim, (i + 1) * dim);
      int block =
          rules.partition() == Partition.COORDINATE_HASH ? blockOf(row) : (int) ((n + i) % BLOCKS);
      blocks.get(block).accept(row, dim);
    }
    if (total != null) {
      total.accept(x, dim);
    }
    n += m;
  }

  /** Adds everything {@code other} has seen (order-free partitions only). */
  void merge(FdBlocks other) {
    if (rules.partition() != Partition.COORDINATE_HASH || !other.rules.equals(rules)) {
      throw new IllegalStateException("only blocks partitioned by coordinates merge");
    }
    for (int b = 0; b < BLOCKS; b++) {
      blocks.get(b).merge(other.blocks.get(b));
    }
    total.merge(other.total);
    n += other.n;
  }

  /**
   * Writes the exact state ({@link AccumulatorState}): the rules, plan and reference it was built
   * with, n, every block and the own total. The jackknife and FD∞ cached at some n are not written:
   * they are functions of the blocks, recomputed the same when asked at a sample count.
   */
  void save(DataOutput out) throws IOException {
    writeConfiguration(out);
    out.writeLong(n);
    for (MomentAccumulator block : blocks) {
      block.save(out);
    }
    if (total != null) {
      total.save(out);
    }
  }

  /**
   * Restores what {@link #save} wrote into these blocks, which must be fresh and built alike, for
   * as many planned samples or more.
   */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(n == 0, "to restore into fresh FD blocks");
    checkConfiguration(in);
    long count = in.readLong();
    long inBlocks = 0;
    for (MomentAccumulator block : blocks) {
      block.restore(in);
      inBlocks += block.n();
    }
    AccumulatorState.expect(inBlocks == count, count + " samples in the blocks, found " + inBlocks);
    if (total != null) {
      total.restore(in);
      AccumulatorState.expect(total.n() == count, count + " samples in the total");
    }
    n = count;
  }

  private void writeConfiguration(DataOutput out) throws IOException {
    out.writeUTF(rules.partition().name());
    out.writeUTF(rules.total().name());
    out.writeUTF(rules.schedule().name());
    out.writeInt(BLOCKS);
    out.writeLong(plannedSamples);
    out.writeBoolean(fdInfinityWanted);
    out.writeInt(reference.dim());
    out.writeLong(reference.fingerprint());
  }

  private void checkConfiguration(DataInput in) throws IOException {
    String rulesFound = in.readUTF() + "/" + in.readUTF() + "/" + in.readUTF();
    AccumulatorState.expect(
        rulesFound.equals(rules.partition() + "/" + rules.total() + "/" + rules.schedule()),
        "FD blocks with the rules " + rules + ", found " + rulesFound);
    AccumulatorState.expectInt(in, BLOCKS, "the number of FD blocks");
    // A state planned for fewer samples is continued by a run of more (docs/reuse.md): the plan
    // only says when AT_PLANNED_END estimates come, and they are not part of the state.
    long planned = in.readLong();
    AccumulatorState.expect(
        planned <= plannedSamples,
        "a state planned for at most " + plannedSamples + " samples, found " + planned);
    AccumulatorState.expectBoolean(in, fdInfinityWanted, "whether FD∞ is wanted");
    AccumulatorState.expectInt(in, reference.dim(), "the FD reference's dimension");
    AccumulatorState.expectLong(in, reference.fingerprint(), "the FD reference's fingerprint");
  }

  /**
   * Block of a sample by {@link Partition#COORDINATE_HASH}: its coordinates' bits folded as {@code
   * h = h·φ + bits(x_j)} (φ the 64-bit golden ratio), mixed as in MurmurHash3's finaliser, mod B.
   */
  static int blockOf(double[] x) {
    long h = 0;
    for (double v : x) {
      h = h * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(v);
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, BLOCKS);
  }

  /** Samples seen. */
  long n() {
    return n;
  }

  /**
   * {@link Metric#FD}, {@link Metric#FD_DEBIASED} or {@link Metric#FD_INFINITY}; NaN while
   * undefined (FD needs 2 samples; the block estimates wait as their {@link Schedule} says) or, for
   * FD∞, not wanted.
   */
  double value(Metric metric) {
    return switch (metric) {
      case FD -> fd();
      case FD_DEBIASED -> {
        FrechetJackknife.Estimate jack = jackknife();
        yield jack == null ? Double.NaN : jack.debiased();
      }
      case FD_INFINITY -> {
        BlockFdInfinity.Estimate inf = fdInfinity();
        yield inf == null ? Double.NaN : inf.value();
      }
      default -> throw new IllegalArgumentException(metric + " is not a Fréchet distance");
    };
  }

  /**
   * The jackknife SE of {@link Metric#FD} (also given for {@link Metric#FD_DEBIASED}) or that of
   * {@link Metric#FD_INFINITY}; NaN while undefined.
   */
  double standardError(Metric metric) {
    return switch (metric) {
      case FD, FD_DEBIASED -> {
        FrechetJackknife.Estimate jack = jackknife();
        yield jack == null ? Double.NaN : jack.standardError();
      }
      case FD_INFINITY -> {
        BlockFdInfinity.Estimate inf = fdInfinity();
        yield inf == null ? Double.NaN : inf.standardError();
      }
      default -> throw new IllegalArgumentException(metric + " is not a Fréchet distance");
    };
  }

  private double fd() {
    MomentAccumulator all = total;
    if (all == null) {
      all = new MomentAccumulator();
      blocks.forEach(all::merge);
    }
    return n < 2 ? Double.NaN : reference.distanceTo(all.mean(), all.covariance(1));
  }

  /** The jackknife, or null until its schedule allows it. */
  private FrechetJackknife.Estimate jackknife() {
    if (!ready(rules.schedule() == Schedule.AS_BLOCKS_FILL ? 1 : 2)) {
      return null;
    }
    if (jackknifeN != n) {
      jackknife = FrechetJackknife.against(reference, blocks);
      jackknifeN = n;
    }
    return jackknife;
  }

  /** FD∞ if wanted, or null until its schedule allows it. */
  private BlockFdInfinity.Estimate fdInfinity() {
    if (!fdInfinityWanted || !ready(2)) {
      return null;
    }
    if (fdInfinityN != n) {
      fdInfinity = BlockFdInfinity.against(reference, blocks);
      fdInfinityN = n;
    }
    return fdInfinity;
  }

  /** Whether every block has {@code perBlock} samples and the schedule's samples are in. */
  private boolean ready(int perBlock) {
    if (rules.schedule() == Schedule.AT_PLANNED_END && n < plannedSamples) {
      return false;
    }
    for (MomentAccumulator b : blocks) {
      if (b.n() < perBlock) {
        return false;
      }
    }
    return true;
  }
}
