package io.iptvorigin.user;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * ISO-8601 expiry instants as the panel sends them ({@code 2025-12-07T21:50:51.244826Z}, or with an
 * offset such as {@code +02:00}), and the Redis TTL that makes a token vanish with its user.
 */
public final class Expiry {
  private Expiry() {}

  public static Instant parse(String text) {
    return tryParse(text).orElseThrow(() -> new DateTimeParseException("not an instant", text, 0));
  }

  public static Optional<Instant> tryParse(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Seconds until {@code expiry}, rounded up so a token never disappears before its user expires; 0
   * when it has already passed (the token key must not exist at all).
   */
  public static long ttlSeconds(Instant expiry, Instant now) {
    Duration left = Duration.between(now, expiry);
    if (left.isNegative() || left.isZero()) {
      return 0;
    }
    return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
  }
}
