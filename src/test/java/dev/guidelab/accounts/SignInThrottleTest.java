package dev.guidelab.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  @Test
  void theNthFailureWithinTheWindowThrottlesThatKeyUntilTheOldestLeavesIt() throws Exception {
    SignInThrottle throttle = new SignInThrottle(3, Duration.ofMillis(600));
    throttle.failed("name:ada", "address:a");
    throttle.failed("name:ada", "address:a");
    assertEquals(OptionalLong.empty(), throttle.retryAfter("name:ada", "address:a"));
    throttle.failed("name:ada", "address:a");
    OptionalLong wait = throttle.retryAfter("name:ada", "address:b");
    assertTrue(wait.isPresent(), "ada's name is throttled from any address");
    assertEquals(1, wait.getAsLong(), "seconds, rounded up");
    assertTrue(throttle.retryAfter("address:a").isPresent(), "so is the address");
    assertEquals(OptionalLong.empty(), throttle.retryAfter("name:grace", "address:b"));
    Thread.sleep(700);
    assertEquals(OptionalLong.empty(), throttle.retryAfter("name:ada", "address:a"));
  }

  @Test
  void aSuccessClearsTheNameButNotTheAddress() {
    SignInThrottle throttle = new SignInThrottle(2, Duration.ofMinutes(1));
    throttle.failed("name:ada", "address:a");
    throttle.failed("name:ada", "address:a");
    throttle.succeeded("name:ada");
    assertEquals(OptionalLong.empty(), throttle.retryAfter("name:ada"));
    assertTrue(throttle.retryAfter("address:a").isPresent());
  }

  @Test
  void memoryIsBoundedWhateverTheNumberOfNamesTried() {
    SignInThrottle throttle = new SignInThrottle(1, Duration.ofMinutes(1));
    for (int i = 0; i < SignInThrottle.MAX_KEYS + 500; i++) {
      throttle.failed("name:" + i);
    }
    assertEquals(OptionalLong.empty(), throttle.retryAfter("name:0"), "the oldest was forgotten");
    assertTrue(throttle.retryAfter("name:" + (SignInThrottle.MAX_KEYS + 499)).isPresent());
  }
}
