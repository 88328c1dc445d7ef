package dev.guidelab.worker;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.db.Uploads;
import dev.guidelab.engine.Point;
import dev.guidelab.engine.PointFailure;
import dev.guidelab.engine.PointKind;
import dev.guidelab.engine.PointRun;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.ledger.ExperimentKind;
import dev.guidelab.models.FeatureNetworks;
import dev.guidelab.references.NpzException;
import dev.guidelab.references.ReferenceJob;
import dev.guidelab.references.ReferenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Computes reference statistics from an upload, as the point of a {@code reference} experiment:
 * copies the upload from the database to a local file (one chunk in memory at a time), streams it
 * through the pinned feature network (hours for 50,000 images through Inception on a CPU), reports
 * the images done, and completes by storing the statistics, their feature vectors and Top-1
 * histogram under the content key resolved at submission — in the completion's transaction, so a
 * computation that is retried or runs twice stores them once.
 */
@ApplicationScoped
public class ReferenceComputations implements PointKind<ReferenceJob> {

  private static final Logger LOG = Logger.getLogger(ReferenceComputations.class);

  /**
   * Fewest nanoseconds between progress reports after the first (each is a write and an event); the
   * first batch is reported at once, so a job shows it has started.
   */
  private static final long REPORT_EVERY = 2_000_000_000L;

  private final Uploads uploads;
  private final FeatureNetworks networks;
  private final ReferenceStore store;

  public ReferenceComputations(Uploads uploads, FeatureNetworks networks, ReferenceStore store) {
    this.uploads = uploads;
    this.networks = networks;
    this.store = store;
  }

  @Override
  public ExperimentKind kind() {
    return ReferenceJob.KIND;
  }

  @Override
  public Class<ReferenceJob> resolvedType() {
    return ReferenceJob.class;
  }

  @Override
  public void compute(Point<ReferenceJob> point, PointRun run) throws IOException {
    ReferenceJob job = point.resolved();
    Path file = Files.createTempFile("guidelab-reference-", ".upload");
    try {
      if (!uploads.exists(job.upload())) {
        throw new PointFailure("file: the upload " + job.upload() + " is no longer stored");
      }
      uploads.copyTo(job.upload(), file);
      long start = System.nanoTime();
      long[] reported = {start - REPORT_EVERY};
      ReferenceJob.Progress progress =
          (done, total) -> {
            long now = System.nanoTime();
            if (now - reported[0] >= REPORT_EVERY && done < total) {
              reported[0] = now;
              run.progress(Math.toIntExact(done), PointRun.Results.none());
              LOG.infof(
                  "Reference %s: %d/%d (%d %%), %.1f per s",
                  job.name(), done, total, 100 * done / total, done / seconds(start));
            }
          };
      ReferenceJob.Computed computed;
      try (FeatureNetwork network = job.images() ? networks.open(job.network()) : null) {
        computed = job.compute(file, network, progress);
      } catch (InvalidRequestException e) {
        throw new PointFailure(
            e.errors().stream().map(FieldError::toString).collect(Collectors.joining("; ")), e);
      } catch (NpzException e) {
        throw new PointFailure("file: " + e.getMessage(), e);
      }
      run.complete(
          job.count(),
          PointRun.Results.none()
              .with(
                  store.write(
                      computed.statistics(),
                      job.description(),
                      computed.features(),
                      computed.top1())));
      LOG.infof(
          "Computed reference %s (key %s) from %d in %.0f s, %d feature vectors kept",
          job.name(),
          job.key(),
          computed.statistics().n(),
          seconds(start),
          computed.features().n());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static double seconds(long start) {
    return Math.max(1e-9, (System.nanoTime() - start) / 1e9);
  }
}
