package dev.guidelab.worker;

import dev.guidelab.metrics.AccumulatorState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A toy point's first samples, stored once as its preview when complete (the batch that fills it
 * carries the write). Its state goes into the point's checkpoint, so a resumed point neither stores
 * the preview again nor loses the samples it had before the interruption. Not thread-safe.
 */
final class Preview {

  private final double[] samples; // [size, 2]
  private int filled; // values filled
  private boolean stored;

  Preview(int size) {
    samples = new double[2 * size];
  }

  void add(double[] batch) {
    int take = Math.min(batch.length, samples.length - filled);
    System.arraycopy(batch, 0, samples, filled, take);
    filled += take;
  }

  /** True exactly once: at the batch that completes the preview. */
  boolean justFilled() {
    if (stored || filled < samples.length) {
      return false;
    }
    stored = true;
    return true;
  }

  double[] samples() {
    return samples;
  }

  /**
   * Writes the state: the size, whether the preview was stored (with the report this state goes
   * with), the values filled and, until it is stored, the samples so far.
   */
  void save(DataOutput out) throws IOException {
    out.writeInt(samples.length);
    out.writeBoolean(stored);
    out.writeInt(filled);
    AccumulatorState.writeDoubles(out, samples, 0, stored ? 0 : filled);
  }

  /** Restores what {@link #save} wrote into this preview, which must be fresh and as large. */
  void restore(DataInput in) throws IOException {
    AccumulatorState.expect(filled == 0 && !stored, "to restore into a fresh preview");
    AccumulatorState.expectInt(in, samples.length, "the preview's size");
    boolean wasStored = in.readBoolean();
    int values = in.readInt();
    AccumulatorState.expect(
        values >= 0 && values <= samples.length && (!wasStored || values == samples.length),
        "at most " + samples.length + " preview values, all once stored; found " + values);
    AccumulatorState.readDoubles(in, samples, 0, wasStored ? 0 : values);
    stored = wasStored;
    filled = values;
  }
}
