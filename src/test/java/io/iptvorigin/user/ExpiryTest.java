package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @ParameterizedTest(name = "{0} ms ahead -> {1} s")
  @CsvSource({"1, 1", "999, 1", "1000, 1", "1001, 2", "1500, 2", "2000, 2", "86400000, 86400"})
  void ttlRoundsUpToWholeSeconds(long millisAhead, long expectedSeconds) {
    assertEquals(expectedSeconds, Expiry.ttlSeconds(NOW.plusMillis(millisAhead), NOW));
  }

  @Test
  void ttlIsZeroWhenExpiryIsNow() {
    assertEquals(0, Expiry.ttlSeconds(NOW, NOW));
  }

  @Test
  void ttlIsZeroWhenExpiryHasPassed() {
    assertEquals(0, Expiry.ttlSeconds(NOW.minusSeconds(3600), NOW));
  }

  @Test
  void ttlOfFarFutureExpiryDoesNotOverflow() {
    Instant farFuture = Expiry.parse("+300000000-01-01T00:00:00Z");
    assertTrue(Expiry.ttlSeconds(farFuture, NOW) > 0);
  }

  @Test
  void offsetExpiryIsTheSameInstantAsItsUtcForm() {
    assertEquals(Expiry.parse("2025-12-07T21:50:51Z"), Expiry.parse("2025-12-07T23:50:51+02:00"));
  }

  @Test
  void microsecondExpiryKeepsItsFraction() {
    assertEquals(
        Instant.parse("2025-12-07T21:50:51.244826Z"), Expiry.parse("2025-12-07T21:50:51.244826Z"));
  }

  @Test
  void dateWithoutTimeIsNotAnExpiry() {
    assertEquals(Optional.empty(), Expiry.tryParse("2025-12-07"));
  }

  @Test
  void parsingTextThatIsNotAnInstantThrows() {
    assertThrows(DateTimeParseException.class, () -> Expiry.parse("tomorrow"));
  }
}
