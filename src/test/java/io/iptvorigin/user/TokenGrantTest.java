package io.iptvorigin.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenGrantTest {
  private static final Instant NOW = Instant.parse("2025-12-07T21:50:51Z");

  private static TokenGrant expiringAt(String expiresAt) {
    return new TokenGrant("john123", expiresAt, 2, true);
  }

  @Test
  void grantIsExpiredAfterItsExpiry() {
    assertTrue(expiringAt("2025-12-07T21:50:50Z").expiredAt(NOW));
  }

  @Test
  void grantIsExpiredAtTheExactExpiryInstant() {
    assertTrue(expiringAt("2025-12-07T21:50:51Z").expiredAt(NOW));
  }

  @Test
  void grantIsNotExpiredBeforeItsExpiry() {
    assertFalse(expiringAt("2025-12-07T21:50:51.001Z").expiredAt(NOW));
  }

  @Test
  void offsetExpiryIsComparedAsAnInstant() {
    assertTrue(expiringAt("2025-12-07T22:50:50+01:00").expiredAt(NOW));
  }

  @Test
  void grantWithoutExpiryNeverExpires() {
    assertFalse(expiringAt(null).expiredAt(NOW));
  }

  @Test
  void grantCopiesWhatAPlaylistNeedsFromTheUser() {
    User user = new User("john123", "t", "e@x.y", "2025-12-07T21:50:51Z", 3, false, "HASH");
    assertEquals(new TokenGrant("john123", "2025-12-07T21:50:51Z", 3, false), TokenGrant.of(user));
  }

  @Test
  void grantSurvivesItsStoredJson() {
    TokenGrant grant = new TokenGrant("john123", "2025-12-07T21:50:51Z", 3, true);
    assertEquals(grant, TokenGrant.fromJson(grant.toJson().toString()));
  }

  @Test
  void storedGrantWithoutIsActiveIsInactive() {
    assertFalse(TokenGrant.fromJson("{\"username\":\"john123\"}").active());
  }
}
