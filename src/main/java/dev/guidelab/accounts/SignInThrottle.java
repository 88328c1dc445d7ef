package dev.guidelab.accounts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Limits failed sign-ins: at most {@code guidelab.auth.sign-in-attempts} per user name and per
 * client address in a sliding {@code guidelab.auth.sign-in-window}, so that passwords cannot be
 * guessed at the speed of the network (bcrypt already makes each guess cost ~60 ms of CPU). Kept in
 * memory, per api instance, for at most {@value #MAX_KEYS} names and addresses (the oldest are
 * forgotten first).
 */
@ApplicationScoped
public class SignInThrottle {

  static final int MAX_KEYS = 10_000;

  private final int attempts;
  private final long windowNanos;
  private final Map<String, Deque<Long>> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
          return size() > MAX_KEYS;
        }
      };

  @Inject
  public SignInThrottle(AuthConfig config) {
    this(config.signInAttempts(), config.signInWindow());
  }

  SignInThrottle(int attempts, Duration window) {
    this.attempts = attempts;
    this.windowNanos = window.toNanos();
  }

  /** Seconds until the next attempt is allowed for any of these keys, if one is throttled now. */
  public synchronized OptionalLong retryAfter(String... keys) {
    long now = System.nanoTime();
    long wait = 0;
    for (String key : keys) {
      Deque<Long> times = recent(key, now);
      if (times != null && times.size() >= attempts) {
        wait = Math.max(wait, times.peekFirst() + windowNanos - now);
      }
    }
    return wait > 0
        ? OptionalLong.of(Math.max(1, (wait + 999_999_999L) / 1_000_000_000L))
        : OptionalLong.empty();
  }

  public synchronized void failed(String... keys) {
    long now = System.nanoTime();
    for (String key : keys) {
      failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
      recent(key, now);
    }
  }

  public synchronized void succeeded(String... keys) {
    for (String key : keys) {
      failures.remove(key);
    }
  }

  /** The key's failures within the window, dropping older ones (and the key when none is left). */
  private Deque<Long> recent(String key, long now) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return null;
    }
    Iterator<Long> it = times.iterator();
    while (it.hasNext() && now - it.next() >= windowNanos) {
      it.remove();
    }
    while (times.size() > attempts) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      failures.remove(key);
      return null;
    }
    return times;
  }
}
