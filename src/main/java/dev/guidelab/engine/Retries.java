package dev.guidelab.engine;

import dev.guidelab.db.DatabaseException;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries ledger calls through a database outage: a {@link DatabaseException} is retried with
 * exponential backoff (from 250 ms, at most 5 s apart) until {@code budget} has passed, then
 * thrown. Other exceptions are not retried.
 */
final class Retries {

  private static final Logger LOG = Logger.getLogger(Retries.class);

  private final Duration budget;

  Retries(Duration budget) {
    this.budget = budget;
  }

  /** {@code action}'s result, retried through database errors for up to the budget. */
  <T> T call(String what, Supplier<T> action) {
    long deadline = System.nanoTime() + budget.toNanos();
    Duration pause = Duration.ofMillis(250);
    int failures = 0;
    while (true) {
      try {
        T result = action.get();
        if (failures > 0) {
          LOG.infof("%s succeeded after %d database errors", capitalised(what), failures);
        }
        return result;
      } catch (DatabaseException e) {
        failures++;
        if (System.nanoTime() + pause.toNanos() > deadline) {
          throw e;
        }
        if (failures == 1) {
          LOG.warnf(
              "%s failed (%s); retrying for up to %d s",
              capitalised(what), e.getMessage(), budget.toSeconds());
        }
        sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                ? Duration.ofSeconds(5)
                : pause.multipliedBy(2);
      }
    }
  }

  /** Sleeps, keeping the interrupt flag. */
  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String capitalised(String what) {
    return Character.toUpperCase(what.charAt(0)) + what.substring(1);
  }
}
