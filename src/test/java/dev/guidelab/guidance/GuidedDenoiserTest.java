package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.guidelab.sampling.ArrayBatch;
import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import org.junit.jupiter.api.Test;

class GuidedDenoiserTest {

  /** D(x;σ) = a·x + b·σ, elementwise. */
  private static Denoiser affine(double a, double b) {
    return new Denoiser() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public Batch denoise(Batch xs, double sigma, Evaluation eval) {
        double[] x = ArrayBatch.values(xs);
        double[] d = new double[x.length];
        for (int c = 0; c < x.length; c++) {
          d[c] = a * x[c] + b * sigma;
        }
        return ArrayBatch.of(d, xs.dim());
      }
    };
  }

  @Test
  void weightOneNeverEvaluatesTheGuide() {
    CountingDenoiser main = new CountingDenoiser(affine(0.5, 0));
    CountingDenoiser guide = new CountingDenoiser(affine(0.25, 0));
    GuidedDenoiser guided = new GuidedDenoiser(main, guide, 1);
    double[] x = {1, 2, 3, 4};
    double[] d = guided.denoise(x, 0.7, eval(x));
    assertArrayEquals(new double[] {0.5, 1, 1.5, 2}, d, 0);
    assertEquals(1, main.calls());
    assertEquals(2, main.samples());
    assertEquals(0, guide.calls());
    assertEquals(0, guide.samples());
  }

  @Test
  void weightTwoExtrapolatesAwayFromTheGuide() {
    // D_m = 0.5x + σ, D_g = 0.25x − σ at σ = 2, x = (1, 2 | −4, 8):
    // D_m = (2.5, 3 | 0, 6), D_g = (−1.75, −1.5 | −3, 0); D = D_g + 2(D_m − D_g) = 2D_m − D_g
    //     = (6.75, 7.5 | 3, 12). All values are exact in binary, so equality is exact.
    CountingDenoiser guide = new CountingDenoiser(affine(0.25, -1));
    GuidedDenoiser guided = new GuidedDenoiser(affine(0.5, 1), guide, 2);
    double[] d = guided.denoise(new double[] {1, 2, -4, 8}, 2, eval(new double[] {1, 2, -4, 8}));
    assertArrayEquals(new double[] {6.75, 7.5, 3, 12}, d, 0);
    assertEquals(1, guide.calls());
  }

  @Test
  void weightZeroReturnsTheGuide() {
    Denoiser guide = affine(0.25, 0);
    double[] d =
        new GuidedDenoiser(affine(0.5, 0), guide, 0)
            .denoise(new double[] {4, 8}, 1, eval(new double[] {4, 8}));
    assertArrayEquals(new double[] {1, 2}, d, 0);
  }

  @Test
  void exposesTheMainModelsDimension() {
    Denoiser main = affine(1, 0);
    assertSame(2, new GuidedDenoiser(main, affine(1, 0), 3).dim());
  }

  private static Evaluation eval(double[] x) {
    return Evaluation.standalone(x.length / 2, 0);
  }
}
