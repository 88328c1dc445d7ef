package dev.guidelab.guidance;

import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.ArrayList;
import java.util.List;

/** Tiny denoisers whose outputs are easy to compute by hand. */
final class TestNets {

  private TestNets() {}

  /**
   * A conditional 2-D network with a 2-D condition: {@code D(x; σ, c, δ) = a·x + c + δ·(1, 1)}
   * elementwise, {@code c} the sample's condition (zeros when absent) and {@code δ} its noise
   * embedding shift (0 when absent). Records every condition and shift it is given.
   */
  static final class Conditional implements Denoiser {
    private final double a;
    final List<double[]> conditions = new ArrayList<>();
    final List<double[]> shifts = new ArrayList<>();

    Conditional(double a) {
      this.a = a;
    }

    @Override
    public int dim() {
      return 2;
    }

    @Override
    public int conditionDim() {
      return 2;
    }

    @Override
    public Batch denoise(Batch xs, double sigma, Evaluation eval) {
      double[] x = ArrayBatch.values(xs);
      double[] c = eval.condition();
      double[] shift = eval.noiseShift();
      conditions.add(c == null ? null : c.clone());
      shifts.add(shift == null ? null : shift.clone());
      double[] d = new double[x.length];
      for (int k = 0; k < x.length; k++) {
        int j = k / 2;
        d[k] = a * x[k] + (c == null ? 0 : c[k]) + (shift == null ? 0 : shift[j]);
      }
      return ArrayBatch.of(d, xs.dim());
    }
  }

  /** An unconditional 2-D network {@code D(x; σ) = a·x + b·σ}. */
  static Denoiser affine(double a, double b) {
    return new Denoiser() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public Batch denoise(Batch xs, double sigma, Evaluation eval) {
        double[] x = ArrayBatch.values(xs);
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
          d[k] = a * x[k] + b * sigma;
        }
        return ArrayBatch.of(d, xs.dim());
      }
    };
  }

  /**
   * Evaluation of a batch of {@code n} samples of experiment seed 7, all conditioned on {@code c}.
   */
  static Evaluation conditioned(int n, double... c) {
    Evaluation plain = Evaluation.standalone(n, 7);
    double[] conditions = new double[n * c.length];
    for (int j = 0; j < n; j++) {
      System.arraycopy(c, 0, conditions, j * c.length, c.length);
    }
    return plain.withCondition(conditions);
  }
}
