package dev.guidelab.accounts;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a start does for accounts. It refuses to run with accounts off unless the HTTP server
 * listens on a loopback address only; and the first start of an api (no users yet) creates the
 * admin account, writes an admin API token to {@code <guidelab.data-dir>/admin-token} (readable by
 * its owner only) for scripts on the same machine, and gives a one-time sign-in link for the ready
 * line, as Jupyter does.
 */
@ApplicationScoped
public class FirstStart {

  /** The admin token's file in the data directory. */
  public static final String TOKEN_FILE = "admin-token";

  private final AuthConfig config;
  private final Users users;
  private final Tokens tokens;
  private final String host;
  private final Path dataDir;
  private final boolean servesApi;
  private String signInCode;

  public FirstStart(
      AuthConfig config,
      Users users,
      Tokens tokens,
      @ConfigProperty(name = "quarkus.http.host") String host,
      @ConfigProperty(name = "guidelab.data-dir") Path dataDir,
      @ConfigProperty(name = "guidelab.api.enabled") boolean servesApi) {
    this.config = config;
    this.users = users;
    this.tokens = tokens;
    this.host = host;
    this.dataDir = dataDir;
    this.servesApi = servesApi;
  }

  void start(@Observes StartupEvent start) {
    refuseOpenAndOff();
    if (servesApi) {
      createFirstAdmin();
    }
  }

  private void refuseOpenAndOff() {
    if (!config.enabled() && !loopback(host)) {
      throw new IllegalStateException(
          "guidelab.auth.enabled=false lets anyone who can reach Guidelab act as its admin, so it"
              + " is allowed only while the HTTP server listens on a loopback address;"
              + " quarkus.http.host is "
              + host
              + ": set quarkus.http.host=127.0.0.1, or turn accounts on (docs/accounts.md)");
    }
  }

  static boolean loopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * What to tell whoever started this Guidelab, if this start created the first admin: the sign-in
   * link and where the admin token is.
   *
   * @param base where this Guidelab is reached, e.g. {@code http://localhost:8080}
   */
  public synchronized Optional<String> firstStartNote(String base) {
    if (signInCode == null) {
      return Optional.empty();
    }
    return Optional.of(
        "sign in as "
            + config.adminName()
            + ": "
            + base
            + UserResource.signInLink(signInCode)
            + " (once, within "
            + config.signInLinkLifetime().toHours()
            + " h); an admin API token is in "
            + tokenFile());
  }

  private Path tokenFile() {
    return dataDir.resolve(TOKEN_FILE).toAbsolutePath();
  }

  /**
   * Creates the first admin if there are no users yet (once, even with several api instances
   * starting together).
   */
  private synchronized void createFirstAdmin() {
    if (users.any()) {
      return;
    }
    String password = config.adminPassword().filter(p -> !p.isEmpty()).orElse(null);
    Optional<User> admin =
        users.create(
            config.adminName(),
            UserRole.ADMIN,
            password == null ? null : Secrets.bcrypt(password),
            null,
            true);
    if (admin.isEmpty()) {
      return; // another instance created it
    }
    writeOwnerOnly(tokenFile(), tokens.create(config.adminName(), "admin-token file").token());
    signInCode = users.newSignInCode(config.adminName(), config.signInLinkLifetime());
  }

  /** Writes a secret to a file only its owner can read, replacing it whole. */
  static void writeOwnerOnly(Path file, String secret) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(temp);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
      Files.writeString(temp, secret + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token to " + file, e);
    }
  }
}
