package dev.guidelab.dashboard;

import dev.guidelab.accounts.AccountsOn;
import dev.guidelab.accounts.FirstStart;
import dev.guidelab.testing.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard with accounts on, in Chromium ({@code src-ui/e2e/accounts.e2e.ts}): a member signs
 * in (a wrong password first), submits a sweep named with markup that stays text, sees themself as
 * its owner; a token shown once; an admin's one-time link; the users page; a viewer's read-only
 * form; signing out. It gets the admin token this app's first start wrote.
 */
@Tag("flow")
@QuarkusTest
@TestProfile(AccountsOn.class)
@QuarkusTestResource(EmbeddedInfrastructure.class)
class AccountsBrowserTest {

  @TestHTTPResource("/")
  URL app;

  @Test
  void aMemberSignsInSubmitsAndOwnsTheirSweepInChromium() throws Exception {
    String adminToken =
        Files.readString(Path.of(AccountsOn.DATA_DIR, FirstStart.TOKEN_FILE)).trim();
    BrowserSuite.run(
        "e2e:accounts",
        app,
        Map.of("GUIDELAB_ADMIN_TOKEN", adminToken),
        List.of("sign-in", "tokens", "users", "sign-in-dark", "tokens-dark", "users-dark"));
  }
}
