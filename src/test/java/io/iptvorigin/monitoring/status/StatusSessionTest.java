package io.iptvorigin.monitoring.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusSessionTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private final StatusSession sessions =
      new StatusSession(Optional.of("admin-token-1"), Duration.ofHours(12));

  @Test
  void anIssuedCookieOpensThePageUntilItExpiresAndIsNotTheToken() {
    String cookie = sessions.issue(NOW).orElseThrow();
    assertFalse(cookie.contains("admin-token-1"));
    assertTrue(sessions.accepts(cookie, NOW));
    assertTrue(sessions.accepts(cookie, NOW.plus(Duration.ofHours(11))));
    assertFalse(sessions.accepts(cookie, NOW.plus(Duration.ofHours(12))));
  }

  @Test
  void anotherTokensCookieATamperedOneAndGarbageAreRefused() {
    String cookie = sessions.issue(NOW).orElseThrow();
    StatusSession other = new StatusSession(Optional.of("admin-token-2"), Duration.ofHours(12));
    assertFalse(other.accepts(cookie, NOW), "a new admin token ends every session");
    String expiry = cookie.substring(0, cookie.indexOf('.'));
    String mac = cookie.substring(cookie.indexOf('.') + 1);
    long later = Long.parseLong(expiry) + 3600;
    assertFalse(sessions.accepts(later + "." + mac, NOW), "a longer expiry under the old MAC");
    assertFalse(sessions.accepts(expiry + "." + mac.replace(mac.charAt(0), 'x'), NOW));
    for (String garbage :
        new String[] {"", ".", "x.y", "1.", ".abc", "99999999999999999999.ab", expiry, null}) {
      assertFalse(sessions.accepts(garbage, NOW), String.valueOf(garbage));
    }
  }

  @Test
  void aCookieReachingBeyondTheLifetimeWasNotIssuedHere() {
    StatusSession longer = new StatusSession(Optional.of("admin-token-1"), Duration.ofDays(30));
    String cookie = longer.issue(NOW).orElseThrow();
    assertFalse(sessions.accepts(cookie, NOW));
  }

  @Test
  void withoutAnAdminTokenThereAreNoSessions() {
    StatusSession none = new StatusSession(Optional.of(" "), Duration.ofHours(12));
    assertTrue(none.issue(NOW).isEmpty());
    assertFalse(none.accepts(sessions.issue(NOW).orElseThrow(), NOW));
  }
}
