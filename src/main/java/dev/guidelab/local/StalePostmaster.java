package dev.guidelab.local;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Finds and stops a PostgreSQL postmaster left running from a data directory by a Guidelab process
 * that is gone.
 *
 * <p>zonky starts PostgreSQL with {@code pg_ctl start}, which runs the postmaster as a daemon in a
 * session of its own: it is not a child that dies with the JVM. A JVM killed with {@code kill -9}
 * runs no shutdown hook, so its postmaster keeps running, holding the port and the data directory.
 * The next start finds it through the data directory's {@code postmaster.pid} (first line the PID,
 * fourth the port), makes sure that PID is a postgres serving this directory (a postmaster's
 * working directory is its data directory), and stops it with {@code pg_ctl stop -m fast} from the
 * binaries it runs from (SIGINT: sessions end, a checkpoint is written), falling back to SIGTERM
 * and, as a last resort, SIGKILL.
 *
 * <p>Only call this while holding the data directory's {@link DataDirLock}: then no live Guidelab
 * owns the directory, and whatever still runs from it is an orphan.
 */
final class StalePostmaster {

  private static final Logger LOG = Logger.getLogger(StalePostmaster.class);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private StalePostmaster() {}

  /**
   * Stops the postmaster still running from {@code dataDir}, if there is one; logs what it found.
   */
  static void stopIfRunning(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    List<String> lines;
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pidFile, e);
    }
    Optional<Long> pid = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0));
    String port = lines.size() > 3 ? lines.get(3).trim() : "?";
    Optional<ProcessHandle> postmaster =
        pid.flatMap(ProcessHandle::of).filter(p -> servesDirectory(p, dataDir));
    if (postmaster.isEmpty()) {
      // A crash or kill of the postmaster itself leaves the file; PostgreSQL refuses to start if
      // its PID has since been reused by another process, so it goes.
      LOG.infof(
          "Removing stale %s (PID %s, port %s: no postmaster of this directory runs)",
          pidFile, pid.map(String::valueOf).orElse("?"), port);
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + pidFile, e);
      }
      return;
    }
    ProcessHandle process = postmaster.get();
    LOG.warnf(
        "Found a PostgreSQL postmaster (PID %d, port %s) still running from %s: left by a Guidelab"
            + " process that ended without stopping it (kill -9?). Stopping it and starting afresh"
            + " on the same data",
        process.pid(), port, dataDir);
    stop(process, dataDir);
    LOG.infof("Stopped the stale postmaster (PID %d)", process.pid());
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code process} is a postmaster of {@code dataDir}: PostgreSQL changes into its data
   * directory at startup, so on Linux its {@code /proc/<pid>/cwd} is that directory. Where {@code
   * /proc} cannot tell, the command's name has to do.
   */
  private static boolean servesDirectory(ProcessHandle process, Path dataDir) {
    if (!process.isAlive()) {
      return false;
    }
    Path cwd = Path.of("/proc", String.valueOf(process.pid()), "cwd");
    try {
      return Files.isSameFile(cwd, dataDir);
    } catch (IOException noProc) {
      return process
          .info()
          .command()
          .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
          .orElse(false);
    }
  }

  private static void stop(ProcessHandle postmaster, Path dataDir) {
    // The postmaster's children (checkpointer, backends, ...) must be gone too before a new
    // postmaster may attach to the data directory's shared memory.
    List<ProcessHandle> family =
        postmaster.descendants().collect(Collectors.toCollection(ArrayList::new));
    family.add(postmaster);
    Optional<Path> pgCtl =
        postmaster
            .info()
            .command()
            .map(command -> Path.of(command).resolveSibling("pg_ctl"))
            .filter(Files::isExecutable);
    boolean stopping = pgCtl.isPresent() && pgCtlStop(pgCtl.get(), dataDir);
    if (!stopping || !awaitExit(List.of(postmaster), STOP_TIMEOUT)) {
      // SIGTERM is PostgreSQL's smart shutdown: it waits for sessions to end, and those of the
      // process that was killed are gone.
      LOG.warnf("Sending SIGTERM to postmaster %d", postmaster.pid());
      postmaster.destroy();
      if (!awaitExit(List.of(postmaster), STOP_TIMEOUT)) {
        LOG.warnf("Postmaster %d did not stop on SIGTERM; killing it", postmaster.pid());
        family.forEach(ProcessHandle::destroyForcibly);
      }
    }
    if (!awaitExit(family, STOP_TIMEOUT)) {
      throw new IllegalStateException(
          "cannot stop the PostgreSQL postmaster "
              + postmaster.pid()
              + " still running from "
              + dataDir
              + "; stop it by hand");
    }
  }

  /**
   * Runs {@code pg_ctl stop -m fast} as zonky runs its commands: pg_ctl refuses to run as root, so
   * as root zonky runs every PostgreSQL command in a user namespace of its own ({@code unshare
   * -U}), and so does this. Whether it worked.
   */
  private static boolean pgCtlStop(Path pgCtl, Path dataDir) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            pgCtl.toString(),
            "-D",
            dataDir.toString(),
            "stop",
            "-m",
            "fast",
            "-w",
            "-t",
            String.valueOf(STOP_TIMEOUT.toSeconds())));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream out = process.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!process.waitFor(STOP_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      if (process.exitValue() != 0) {
        LOG.warnf("%s failed (exit %d): %s", command, process.exitValue(), output);
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.warnf(e, "cannot run %s", command);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted stopping a stale postmaster", e);
    }
  }

  private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle process : processes) {
      long left = deadline - System.nanoTime();
      try {
        process.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for a postmaster to stop", e);
      }
    }
    return true;
  }
}
