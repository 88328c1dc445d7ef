package dev.guidelab.guidance;

import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts evaluations of a wrapped denoiser, for NFE accounting (spec/sampling-and-guidance.md §2,
 * the NFE/step column) and for tests that prove a guide is skipped. Thread-safe.
 */
public final class CountingDenoiser implements Denoiser {

  private final Denoiser inner;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();

  public CountingDenoiser(Denoiser inner) {
    this.inner = inner;
  }

  @Override
  public int dim() {
    return inner.dim();
  }

  @Override
  public double[] denoise(double[] x, double sigma, Evaluation eval) {
    calls.incrementAndGet();
    samples.addAndGet(x.length / inner.dim());
    return inner.denoise(x, sigma, eval);
  }

  /** Number of {@code denoise} calls (batched evaluations). */
  public long calls() {
    return calls.get();
  }

  /** Number of samples evaluated, summed over calls: the NFE times the number of samples. */
  public long samples() {
    return samples.get();
  }
}
