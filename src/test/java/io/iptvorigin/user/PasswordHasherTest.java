package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hash at the default cost takes about 0.2 s (210,000 PBKDF2 rounds) once the JIT has compiled
 * SHA-512, and a second or so before. So the class makes one, first (which also gets PBKDF2's code
 * compiled), and every other test hashes at the lowest cost the hasher accepts.
 */
class PasswordHasherTest {
  // scheme $ iterations $ 16-byte salt $ 64-byte key, unpadded Base64
  private static final Pattern FORMAT =
      Pattern.compile("pbkdf2-sha512\\$210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{86}");

  private static final String DEFAULT_COST_HASH = new PasswordHasher().hash("secret");

  private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

  @Test
  void hashHasSchemeIterationsSaltAndKey() {
    String hash = DEFAULT_COST_HASH;
    assertTrue(FORMAT.matcher(hash).matches(), hash);
  }

  @Test
  void hashCarriesTheConfiguredCost() {
    String hash = hasher.hash("secret");
    assertTrue(hash.startsWith("pbkdf2-sha512$10000$"), hash);
  }

  @Test
  void aCostBelowTheMinimumIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PasswordHasher(PasswordHasher.MIN_ITERATIONS - 1));
  }

  @Test
  void aHashMadeAtAnotherCostStillVerifies() {
    String cheap = hasher.hash("s3cret pass");
    assertTrue(new PasswordHasher().matches("s3cret pass", cheap));
    assertFalse(new PasswordHasher().matches("s3cret pas", cheap));
  }

  @Test
  void twoHashesOfTheSamePasswordDiffer() {
    assertNotEquals(hasher.hash("secret"), hasher.hash("secret"));
  }

  @Test
  void hashMatchesTheRightPassword() {
    String hash = hasher.hash("s3cret pass");
    assertTrue(hasher.matches("s3cret pass", hash));
  }

  @Test
  void hashDoesNotMatchAWrongPassword() {
    String hash = hasher.hash("s3cret pass");
    assertFalse(hasher.matches("s3cret pas", hash));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "secret", "md5$x$y$z", "pbkdf2-sha512$210000$c2FsdA"})
  void storedValueInAnotherFormatMatchesNothing(String stored) {
    assertFalse(hasher.matches("secret", stored));
  }

  @Test
  void missingStoredHashMatchesNothing() {
    assertFalse(hasher.matches("secret", null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pbkdf2-sha512$many$c2FsdA$a2V5",
        "pbkdf2-sha512$0$c2FsdA$a2V5",
        "pbkdf2-sha512$1000$not*base64$a2V5"
      })
  void malformedStoredHashMatchesNothing(String stored) {
    assertFalse(hasher.matches("secret", stored));
  }
}
