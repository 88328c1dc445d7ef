package dev.guidelab.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void aPasswordHashIsSaltedSlowBcryptThatOnlyItsPasswordMatches() {
    String hash = Secrets.bcrypt("correct horse battery");
    assertTrue(hash.matches("\\$2[aby]\\$10\\$[./A-Za-z0-9]{53}"), hash);
    assertFalse(hash.contains("correct horse"), "the password is not in its hash");
    assertNotEquals(hash, Secrets.bcrypt("correct horse battery"), "a fresh salt each time");
    assertTrue(Secrets.matches("correct horse battery", hash));
    assertFalse(Secrets.matches("correct horse batterz", hash));
    assertFalse(Secrets.matches("", hash));
  }

  @Test
  void noHashMatchesNothingAndTakesAsLongAsAWrongPassword() {
    assertFalse(Secrets.matches("anything at all", null));
    String hash = Secrets.bcrypt("correct horse battery");
    long wrong = median(() -> Secrets.matches("wrong password!", hash));
    long unknown = median(() -> Secrets.matches("wrong password!", null));
    // Both are one bcrypt of cost 10 (tens of ms); a missing hash must not answer at once.
    assertTrue(unknown > wrong / 3, "unknown " + unknown + " ns, wrong " + wrong + " ns");
  }

  @Test
  void tokensAreRandom256BitsWithARecognisablePrefix() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String token = Secrets.token();
      assertTrue(token.startsWith(Secrets.TOKEN_PREFIX), token);
      byte[] bytes = Base64.getUrlDecoder().decode(token.substring(Secrets.TOKEN_PREFIX.length()));
      assertEquals(Secrets.BYTES, bytes.length);
      assertTrue(seen.add(token), "no repeats");
    }
  }

  @Test
  void whatIsStoredOfARandomSecretIsItsSha256() {
    assertArrayEquals(
        HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Secrets.sha256("abc"));
  }

  private static long median(Runnable check) {
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      check.run();
      times[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }
}
