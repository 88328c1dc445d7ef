package dev.guidelab.accounts;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts on, and single sign-on through {@link FakeIdentityProvider}, which starts before the app
 * reads its configuration and hands it the provider's address.
 */
public class SingleSignOnOn implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(new AccountsOn().getConfigOverrides());
    config.put("guidelab.data-dir", "target/sso-test-data");
    return config;
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(FakeIdentityProvider.class));
  }
}
