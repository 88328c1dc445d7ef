package dev.guidelab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmaAddressTest {

  @Test
  void aModelAtItsOwnIterationNamesOnlyTheWidth() {
    EmaAddress a = EmaAddress.parse("toy-mlp:A-64-4096@ema=0.08");
    assertEquals(new EmaAddress("toy-mlp:A-64-4096", OptionalLong.empty(), 0.08), a);
  }

  @Test
  void aFamilyAtAStoredIterationNamesBoth() {
    assertEquals(
        new EmaAddress("toy-mlp:A-32", OptionalLong.of(512), 0.05),
        EmaAddress.parse("toy-mlp:A-32@it=512,ema=0.05"));
    assertEquals(
        new EmaAddress("toy-mlp:A-32", OptionalLong.of(512), 0.05),
        EmaAddress.parse("toy-mlp:A-32@ema=0.05,it=512"));
  }

  @Test
  void onlyIdsWithAnAtSignAreAddresses() {
    assertTrue(EmaAddress.isAddress("toy-mlp:A-32@ema=0.05"));
    assertFalse(EmaAddress.isAddress("toy-mlp:A-32-512"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "@ema=0.05|a name before '@'",
        "toy-mlp:A-32@|a name before '@'",
        "toy-mlp:A-32@it=512|ema=<σ_rel>",
        "toy-mlp:A-32@ema=0.05,ema=0.1|'ema' once",
        "toy-mlp:A-32@it=1,it=2,ema=0.1|'it' once",
        "toy-mlp:A-32@ema=wide|decimal number, not 'wide'",
        "toy-mlp:A-32@it=0,ema=0.05|positive integer iteration, not '0'",
        "toy-mlp:A-32@it=5.5,ema=0.05|positive integer iteration, not '5.5'",
        "toy-mlp:A-32@sigma=0.05|not 'sigma'",
        "toy-mlp:A-32@ema|decimal number, not ''",
      })
  void malformedAddressesSayWhatTheyNeed(String id, String needs) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EmaAddress.parse(id));
    assertTrue(e.getMessage().contains(needs), e.getMessage());
    assertTrue(e.getMessage().contains(EmaAddress.SYNTAX), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"toy-mlp:A-32@ema=1e-1", "toy-mlp:A-32@ema=0.100"})
  void theWidthIsAnyDecimalSpelling(String id) {
    assertEquals(0.1, EmaAddress.parse(id).sigmaRel());
  }
}
