package dev.guidelab.accounts;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * The secrets of accounts and how they are kept. Passwords, chosen by people, are stored as bcrypt
 * hashes (salted, deliberately slow: {@value #BCRYPT_COST} is 2^10 rounds, about 60 ms here).
 * Tokens, session ids and sign-in codes are {@value #BYTES} random bytes from {@link SecureRandom}
 * (256 bits: no one guesses them, so a fast SHA-256 of each is all a lookup needs, and all that is
 * stored).
 */
public final class Secrets {

  /** Random bytes in every token, session id and sign-in code. */
  public static final int BYTES = 32;

  /** The prefix of API tokens, so that a leaked one is recognisable (by secret scanners too). */
  public static final String TOKEN_PREFIX = "glt_";

  static final int BCRYPT_COST = 10;

  /** Shortest password accepted. */
  public static final int MIN_PASSWORD = 10;

  /** Longest password accepted: bcrypt reads only the first 72 bytes of one. */
  public static final int MAX_PASSWORD = 72;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A bcrypt hash of nothing anyone types: checked against when a name is unknown, so that a wrong
   * name takes as long as a wrong password and does not tell which names exist.
   */
  private static final String DECOY = bcrypt("no user has this password " + random());

  private Secrets() {}

  /** A fresh random secret, URL-safe base64 without padding (43 characters). */
  public static String random() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A fresh API token. */
  public static String token() {
    return TOKEN_PREFIX + random();
  }

  /** What is stored of a random secret: its SHA-256. */
  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** A salted bcrypt hash of a password, in modular crypt format ({@code $2y$10$…}). */
  public static String bcrypt(String password) {
    return BcryptUtil.bcryptHash(password, BCRYPT_COST);
  }

  /**
   * Whether {@code password} matches {@code hash}; with no hash (an unknown user, or one without a
   * password) checks against a decoy, so that the answer takes as long, and says no.
   */
  public static boolean matches(String password, String hash) {
    boolean known = hash != null;
    return verify(password, known ? hash : DECOY) && known;
  }

  private static boolean verify(String password, String hash) {
    try {
      PasswordFactory factory =
          PasswordFactory.getInstance(
              BCryptPassword.ALGORITHM_BCRYPT, new WildFlyElytronPasswordProvider());
      Password stored = factory.translate(ModularCrypt.decode(hash));
      return factory.verify(stored, password.toCharArray());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored password hash cannot be read", e);
    }
  }
}
