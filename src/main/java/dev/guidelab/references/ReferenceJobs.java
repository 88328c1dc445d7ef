package dev.guidelab.references;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.features.FeatureNetwork;
import dev.guidelab.models.FeatureNetworks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Computes reference statistics from uploads as jobs, one at a time on a thread of their own
 * ({@code guidelab-reference}), because 50,000 images through Inception on a CPU take hours — far
 * longer than an HTTP request should stay open. {@link #start} checks the upload's structure at
 * once (a {@code 400} by field), answers from the ledger when statistics with the same content key
 * exist (a cache hit), and otherwise queues the computation; {@link #find} shows its progress. Only
 * the result is written to the ledger, in one short transaction at the end.
 *
 * <p>Jobs live in the memory of the process that took the request: a restart drops queued and
 * running ones (their uploads are deleted; submit again), and only that api instance lists them.
 * The same upload submitted while its job runs joins that job.
 */
@ApplicationScoped
@Startup
public class ReferenceJobs {

  private static final Logger LOG = Logger.getLogger(ReferenceJobs.class);

  /** Finished jobs kept for {@link #find}, newest last. */
  static final int REMEMBERED = 100;

  /** Progress is logged at every tenth of the set and at least this often. */
  private static final Duration LOG_EVERY = Duration.ofSeconds(30);

  /** Where a job is. */
  public enum State {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED
  }

  /**
   * A computation as {@code GET /api/references/jobs/{key}} shows it.
   *
   * @param name the name the statistics are stored under
   * @param key their content key
   * @param source the upload as recorded, e.g. {@code npz:<sha256>:images:nhwc}
   * @param featureNetwork the feature network's name (its content hash is in the key)
   * @param done images or vectors streamed so far
   * @param total N
   * @param error why it failed, as {@code field: reason}; null unless {@link State#FAILED}
   */
  public record Job(
      String name,
      String key,
      String source,
      String featureNetwork,
      State state,
      long done,
      long total,
      String error,
      Instant submittedAt,
      Instant finishedAt) {}

  /** What to compute from an upload. */
  public record Request(
      String name,
      String description,
      FeatureNetworks.Registered network,
      Optional<ReferenceSources.Layout> layout,
      int ddof) {}

  /**
   * {@link #start}'s answer: the statistics already stored under the key, or the job computing
   * them.
   */
  public record Started(ReferenceStore.Summary stored, Job job) {}

  private final ReferenceStore store;
  private final FeatureNetworks networks;
  private final int knnCap;
  private final Map<String, Work> jobs =
      new LinkedHashMap<>(); // by key, oldest first; guarded by this
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> new Thread(r, "guidelab-reference"));

  public ReferenceJobs(ReferenceStore store, FeatureNetworks networks, ReferenceConfig config) {
    if (config.knnSamples() < 0) {
      throw new IllegalArgumentException(
          "guidelab.references.knn-samples must be ≥ 0, got " + config.knnSamples());
    }
    this.store = store;
    this.networks = networks;
    this.knnCap = config.knnSamples();
  }

  /**
   * Checks {@code upload} for {@code request} and finds or queues its statistics. Takes ownership
   * of the upload: it is deleted when refused, found, or computed.
   *
   * @throws InvalidRequestException on {@code file}, {@code layout} or {@code name}
   */
  public Started start(ReferenceUpload upload, Request request) {
    ReferenceSource source;
    try {
      source =
          ReferenceSources.open(
              upload.file(), upload.sha256(), request.layout(), request.network().contract());
    } catch (RuntimeException e) {
      close(upload);
      throw e;
    }
    try {
      if (source.count() < 2) {
        throw invalid("file", "needs at least 2 images or vectors, got " + source.count());
      }
      String pipeline = pipeline(source, request);
      String key =
          ReferenceStatistics.contentKey(
              source.source(),
              request.network().sha256(),
              pipeline,
              request.ddof(),
              ReferenceFeatures.selection(knnCap),
              ReferenceComputation.top1Classes(source, request.network().contract().classes()));
      Optional<ReferenceStore.Summary> stored = store.summaryByKey(key);
      if (stored.isPresent()) {
        close(source, upload);
        return new Started(stored.get(), null);
      }
      if (store.summary(request.name()).isPresent()) {
        throw invalid(
            "name", "'" + request.name() + "' already names other statistics; choose another name");
      }
      synchronized (this) {
        Work same = jobs.get(key);
        if (same != null && same.active()) {
          close(source, upload);
          return new Started(null, same.view());
        }
        for (Work other : jobs.values()) {
          if (other.active() && other.request.name().equals(request.name())) {
            throw invalid(
                "name",
                "'"
                    + request.name()
                    + "' is being computed from another upload (job "
                    + other.key
                    + "); choose another name");
          }
        }
        Work work = new Work(request, key, pipeline, source, upload);
        executor.execute(work);
        jobs.remove(key);
        jobs.put(key, work);
        forgetOldJobs();
        LOG.infof(
            "Queued reference %s (key %s): %d from %s through %s",
            request.name(), key, source.count(), source.source(), request.network().name());
        return new Started(null, work.view());
      }
    } catch (RuntimeException e) {
      close(source, upload);
      throw e;
    }
  }

  /** The job computing (or having computed) the statistics of content key {@code key}. */
  public synchronized Optional<Job> find(String key) {
    return Optional.ofNullable(jobs.get(key)).map(Work::view);
  }

  /** Every remembered job, newest first. */
  public synchronized List<Job> list() {
    List<Job> all = new ArrayList<>();
    jobs.values().forEach(w -> all.add(0, w.view()));
    return all;
  }

  /**
   * The pipeline recorded with the statistics: the network's for images it ran on; {@value
   * ReferenceStatistics#UNKNOWN} for uploaded features, whose preprocessing Guidelab did not see.
   */
  private static String pipeline(ReferenceSource source, Request request) {
    return source instanceof ReferenceSource.ImageSet
        ? request.network().contract().pipeline()
        : ReferenceStatistics.UNKNOWN;
  }

  private void forgetOldJobs() {
    var it = jobs.values().iterator();
    while (jobs.size() > REMEMBERED && it.hasNext()) {
      if (!it.next().active()) {
        it.remove();
      }
    }
  }

  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    for (Runnable queued : executor.shutdownNow()) {
      ((Work) queued).abandon("the application shut down before it started");
    }
    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
      LOG.warn("The reference computation did not stop within 10 s");
    }
  }

  /** One computation: streams the source, stores the result, deletes the upload. */
  private final class Work implements Runnable {

    private final Request request;
    private final String key;
    private final String pipeline;
    private final ReferenceSource source;
    private final ReferenceUpload upload;
    private final Instant submittedAt = Instant.now();
    private volatile State state = State.QUEUED;
    private volatile long done;
    private volatile String error;
    private volatile Instant finishedAt;
    private long startNanos;
    private long loggedNanos;
    private long loggedTenth;

    Work(
        Request request,
        String key,
        String pipeline,
        ReferenceSource source,
        ReferenceUpload upload) {
      this.request = request;
      this.key = key;
      this.pipeline = pipeline;
      this.source = source;
      this.upload = upload;
    }

    boolean active() {
      return state == State.QUEUED || state == State.RUNNING;
    }

    Job view() {
      return new Job(
          request.name(),
          key,
          source.source(),
          request.network().name(),
          state,
          done,
          source.count(),
          error,
          submittedAt,
          finishedAt);
    }

    @Override
    public void run() {
      state = State.RUNNING;
      startNanos = System.nanoTime();
      loggedNanos = startNanos;
      try {
        ReferenceComputation.Result result = compute();
        ReferenceStatistics statistics =
            new ReferenceStatistics(
                request.name(),
                key,
                result.n(),
                result.mu().length,
                result.mu(),
                result.sigma(),
                source.source(),
                request.network().sha256(),
                pipeline,
                request.ddof());
        try {
          store.saveIfAbsent(statistics, request.description(), result.features(), result.top1());
        } catch (IllegalStateException nameTaken) {
          throw invalid("name", nameTaken.getMessage());
        }
        finish(State.COMPLETED, null);
        LOG.infof(
            "Computed reference %s (key %s) from %d in %.0f s, %d feature vectors kept",
            request.name(), key, result.n(), seconds(), result.features().n());
      } catch (InvalidRequestException e) {
        fail(e.errors().stream().map(FieldError::toString).collect(Collectors.joining("; ")));
      } catch (NpzException e) {
        fail("file: " + e.getMessage());
      } catch (Stopped e) {
        fail("stopped: the application shut down after " + done + " of " + source.count());
      } catch (RuntimeException e) {
        LOG.errorf(e, "Reference %s (key %s) failed", request.name(), key);
        fail(e.getClass().getSimpleName() + ": " + e.getMessage());
      } finally {
        close(source, upload);
      }
    }

    private ReferenceComputation.Result compute() {
      if (source instanceof ReferenceSource.FeatureSet) {
        return ReferenceComputation.run(source, null, request.ddof(), knnCap, this::progress);
      }
      try (FeatureNetwork network = networks.open(request.network().name())) {
        if (!network.sha256().equals(request.network().sha256())) {
          throw new IllegalStateException(
              "feature network "
                  + request.network().name()
                  + " is no longer the file "
                  + request.network().sha256());
        }
        return ReferenceComputation.run(
            source,
            ReferenceComputation.Extractor.of(network),
            request.ddof(),
            knnCap,
            this::progress);
      }
    }

    /** Records progress, logs it now and then, and stops when the thread is interrupted. */
    private void progress(long done, long total) {
      this.done = done;
      if (Thread.currentThread().isInterrupted()) {
        throw new Stopped();
      }
      long now = System.nanoTime();
      long tenth = 10 * done / total;
      if (tenth > loggedTenth || now - loggedNanos > LOG_EVERY.toNanos()) {
        loggedTenth = tenth;
        loggedNanos = now;
        double rate = done / seconds();
        LOG.infof(
            "Reference %s: %d/%d (%d %%), %.1f per s, about %.0f s left",
            request.name(), done, total, 100 * done / total, rate, (total - done) / rate);
      }
    }

    private double seconds() {
      return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    private void fail(String reason) {
      finish(State.FAILED, reason);
      LOG.warnf("Reference %s (key %s) failed: %s", request.name(), key, reason);
    }

    /** Drops a job that never ran. */
    void abandon(String reason) {
      finish(State.FAILED, "stopped: " + reason);
      close(source, upload);
    }

    private void finish(State end, String reason) {
      error = reason;
      finishedAt = Instant.now();
      state = end;
    }
  }

  /** Ends a computation from its progress callback when the thread is interrupted. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }

  private static void close(Closeable... resources) {
    for (Closeable resource : resources) {
      try {
        resource.close();
      } catch (IOException e) {
        LOG.warnf(e, "Closing %s failed", resource);
      }
    }
  }

  private static InvalidRequestException invalid(String field, String message) {
    return ReferenceSources.invalid(field, message);
  }
}
