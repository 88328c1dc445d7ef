package dev.guidelab.accounts;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The test app with accounts on, as a deployment runs: every {@code /api} request needs
 * credentials. Small limits, so that the tests reach them: 3 failed sign-ins per 3 s, 12 points and
 * 10⁸ evaluations in flight per user. Its own data directory, for the first start's admin token.
 */
public class AccountsOn implements QuarkusTestProfile {

  public static final String DATA_DIR = "target/accounts-test-data";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "guidelab.auth.enabled", "true",
        "guidelab.data-dir", DATA_DIR,
        "guidelab.auth.sign-in-attempts", "3",
        "guidelab.auth.sign-in-window", "3s",
        "guidelab.quota.points", "12",
        "guidelab.quota.evaluations", "100000000");
  }
}
