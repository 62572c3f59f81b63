package io.iptvorigin.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.Clock;
import io.iptvorigin.user.Token;
import io.iptvorigin.user.TokenGrant;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class ViewerAuthorizerTest {
  private static final String TOKEN = "a".repeat(64);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Mock ViewerRecords records;
  @Mock ViewerSessions sessions;
  @Mock Clock clock;
  private ViewerAuthorizer authorizer;

  @BeforeEach
  void wire() {
    authorizer = new ViewerAuthorizer();
    authorizer.records = records;
    authorizer.sessions = sessions;
    authorizer.clock = clock;
  }

  private void grant(boolean active, String expiresAt) {
    grant(active, expiresAt, true);
  }

  private void grant(boolean active, String expiresAt, boolean channelActive) {
    when(clock.now()).thenReturn(NOW);
    when(records.find(new Token(TOKEN), new ChannelId("48681")))
        .thenReturn(
            new ViewerRecords.Lookup(
                Optional.of(new TokenGrant("john", expiresAt, 2, active)), channelActive));
  }

  @Test
  void unknownChannelIs404AndRecordsNoSession() {
    grant(true, null, false);
    ViewerAuthorizer.Decision decision = authorizer.authorize(TOKEN, "48681", "10.0.0.1");
    assertEquals(404, decision.status());
    assertEquals("Unknown channel", decision.reason());
    verify(sessions, never()).record(anyString(), anyInt(), anyString(), anyString(), any());
  }

  @Test
  void disabledChannelIs404AndRecordsNoSession() {
    grant(true, null, false);
    assertEquals(404, authorizer.authorize(TOKEN, "48681", "10.0.0.1").status());
    verify(sessions, never()).record(anyString(), anyInt(), anyString(), anyString(), any());
  }

  @Test
  void malformedTokenIsRefusedWithoutTouchingRedis() {
    assertEquals(403, authorizer.authorize("nope", "48681", "10.0.0.1").status());
    verify(records, never()).find(any(), any());
  }

  @Test
  void unknownTokenIs403InvalidToken() {
    when(records.find(new Token(TOKEN), new ChannelId("48681")))
        .thenReturn(new ViewerRecords.Lookup(Optional.empty(), true));
    ViewerAuthorizer.Decision decision = authorizer.authorize(TOKEN, "48681", "10.0.0.1");
    assertEquals(403, decision.status());
    assertEquals("Invalid token", decision.reason());
  }

  @Test
  void disabledTokenIs403TokenDisabledAndRecordsNoSession() {
    when(records.find(new Token(TOKEN), new ChannelId("48681")))
        .thenReturn(
            new ViewerRecords.Lookup(Optional.of(new TokenGrant("john", null, 2, false)), true));
    assertEquals("Token disabled", authorizer.authorize(TOKEN, "48681", "10.0.0.1").reason());
    verify(sessions, never()).record(anyString(), anyInt(), anyString(), anyString(), any());
  }

  @Test
  void expiredTokenIs403TokenExpired() {
    grant(true, "2025-12-31T23:59:59Z");
    assertEquals("Token expired", authorizer.authorize(TOKEN, "48681", "10.0.0.1").reason());
  }

  @Test
  void sessionOverTheLimitIs429() {
    grant(true, "2027-01-01T00:00:00Z");
    when(sessions.record("john", 2, "48681", "10.0.0.1", NOW))
        .thenReturn(ViewerSessions.Admission.OVER_LIMIT);
    ViewerAuthorizer.Decision decision = authorizer.authorize(TOKEN, "48681", "10.0.0.1");
    assertEquals(429, decision.status());
    assertEquals("Too many connections (max 2)", decision.reason());
  }

  @Test
  void admittedSessionIsAllowed() {
    grant(true, null);
    when(sessions.record("john", 2, "48681", "10.0.0.1", NOW))
        .thenReturn(ViewerSessions.Admission.ADMITTED);
    assertEquals(200, authorizer.authorize(TOKEN, "48681", "10.0.0.1").status());
  }

  @Test
  void channelOrAddressThatCouldCorruptASessionKeyIsRefused() {
    assertEquals(403, authorizer.authorize(TOKEN, "a|b", "10.0.0.1").status());
    assertEquals(403, authorizer.authorize(TOKEN, "48681", "10.0.0.1|x").status());
    assertEquals(403, authorizer.authorize(TOKEN, "48681", "").status());
  }
}
