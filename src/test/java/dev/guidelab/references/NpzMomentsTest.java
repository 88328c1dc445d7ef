package dev.guidelab.references;

import static dev.guidelab.references.NpzTest.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** μ and Σ from .npz files are checked, and every problem names its array. */
class NpzMomentsTest {

  @Test
  void muAndSigmaAreReadAsVectorAndMatrix() throws IOException {
    NpzMoments.Moments m = NpzMoments.read(fixture("stats-f8.npz"));
    assertArrayEquals(NpzTest.MU, m.mu());
    assertArrayEquals(new double[] {0.5, 1.0, -0.25}, m.sigma()[1]);
  }

  @Test
  void problemsNameTheOffendingArray() throws IOException {
    assertField("no-sigma.npz", "sigma", "missing");
    assertField("asymmetric.npz", "sigma", "symmetric");
    assertField("not-square.npz", "sigma", "square");
    assertField("nan.npz", "mu", "finite");
    assertField("int64.npz", "mu", "dtype");
    byte[] garbage = {1, 2, 3};
    FieldError error =
        assertThrows(InvalidRequestException.class, () -> NpzMoments.read(garbage)).errors().get(0);
    assertEquals("file", error.field());
  }

  private static void assertField(String file, String field, String message) throws IOException {
    byte[] bytes = fixture(file);
    FieldError error =
        assertThrows(InvalidRequestException.class, () -> NpzMoments.read(bytes)).errors().get(0);
    assertEquals(field, error.field(), file);
    assertTrue(error.message().contains(message), () -> file + ": " + error.message());
  }
}
