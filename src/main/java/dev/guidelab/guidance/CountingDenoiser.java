package dev.guidelab.guidance;

import dev.guidelab.sampling.Batch;
import dev.guidelab.sampling.BatchSpace;
import dev.guidelab.sampling.Denoiser;
import dev.guidelab.sampling.Evaluation;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts evaluations of a wrapped denoiser, for NFE accounting (docs/sampling-and-guidance.md §2,
 * the NFE/step column) and for tests that prove a guide is skipped. Thread-safe.
 *
 * <p>Wrap each network once and build guidance on the wrapper: evaluations of the same network
 * under another condition or noise embedding (CFG without a separate guide, ICG, TSG) then pass
 * through it and are counted too.
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
  public int conditionDim() {
    return inner.conditionDim();
  }

  @Override
  public BatchSpace space() {
    return inner.space();
  }

  @Override
  public Batch denoise(Batch x, double sigma, Evaluation eval) {
    calls.incrementAndGet();
    samples.addAndGet(x.size());
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
