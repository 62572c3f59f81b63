package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvictionChoiceTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Viewer ZAPPER = new Viewer("alice", "198.51.100.7");

  private static Instant ago(int seconds) {
    return NOW.minusSeconds(seconds);
  }

  private static EvictionChoice.Holder holder(String id, Map<String, Instant> viewers) {
    Instant newest = viewers.values().stream().max(Instant::compareTo).orElse(null);
    return new EvictionChoice.Holder(id, Optional.ofNullable(newest), viewers, false);
  }

  private static Optional<String> choose(Viewer requester, EvictionChoice.Holder... holders) {
    return EvictionChoice.choose(List.of(holders), requester, NOW, GRACE);
  }

  @Test
  void theChannelTheZapperJustLeftGoes() {
    EvictionChoice.Holder left = holder("a", Map.of("alice|198.51.100.7", ago(2)));
    assertEquals(Optional.of("a"), choose(ZAPPER, left));
  }

  @Test
  void aChannelSomeoneElseWatchesStays() {
    EvictionChoice.Holder watched = holder("a", Map.of("bob|203.0.113.9", ago(3)));
    assertEquals(Optional.empty(), choose(ZAPPER, watched));
  }

  @Test
  void aChannelTheZapperSharesWithAnotherViewerStays() {
    EvictionChoice.Holder shared =
        holder("a", Map.of("alice|198.51.100.7", ago(1), "bob|203.0.113.9", ago(4)));
    assertEquals(Optional.empty(), choose(ZAPPER, shared));
  }

  @Test
  void theSameUserOnAnotherDeviceIsSomeoneElse() {
    EvictionChoice.Holder otherDevice = holder("a", Map.of("alice|192.0.2.50", ago(1)));
    assertEquals(Optional.empty(), choose(ZAPPER, otherDevice));
  }

  @Test
  void aViewerOlderThanTheGraceNoLongerCounts() {
    EvictionChoice.Holder left =
        holder("a", Map.of("alice|198.51.100.7", ago(1), "bob|203.0.113.9", ago(11)));
    assertEquals(Optional.of("a"), choose(ZAPPER, left));
  }

  @Test
  void anUnwatchedChannelGoesWhoeverAsks() {
    EvictionChoice.Holder idle = holder("a", Map.of("bob|203.0.113.9", ago(30)));
    assertEquals(Optional.of("a"), choose(Viewer.NONE, idle));
    assertEquals(Optional.of("a"), choose(ZAPPER, idle));
  }

  @Test
  void aChannelWithNoViewerRecordGoesOnceItsLastRequestIsOlderThanTheGrace() {
    EvictionChoice.Holder fresh =
        new EvictionChoice.Holder("a", Optional.of(ago(3)), Map.of(), false);
    EvictionChoice.Holder stale =
        new EvictionChoice.Holder("b", Optional.of(ago(30)), Map.of(), false);
    EvictionChoice.Holder never = new EvictionChoice.Holder("c", Optional.empty(), Map.of(), false);
    assertEquals(Optional.empty(), choose(ZAPPER, fresh), "just started by someone: stays");
    assertEquals(Optional.of("b"), choose(ZAPPER, fresh, stale));
    assertEquals(Optional.of("c"), choose(ZAPPER, fresh, never));
  }

  @Test
  void theLeastRecentlyWatchedGoesFirst() {
    EvictionChoice.Holder recent = holder("a", Map.of("alice|198.51.100.7", ago(1)));
    EvictionChoice.Holder older = holder("b", Map.of("alice|198.51.100.7", ago(6)));
    EvictionChoice.Holder idle = holder("c", Map.of("bob|203.0.113.9", ago(40)));
    EvictionChoice.Holder watched = holder("d", Map.of("carol|192.0.2.1", ago(2)));
    assertEquals(Optional.of("c"), choose(ZAPPER, recent, watched, older, idle));
    assertEquals(Optional.of("b"), choose(ZAPPER, recent, watched, older));
  }

  @Test
  void anAlwaysOnChannelIsNeverStoppedForAnother() {
    EvictionChoice.Holder pinned =
        new EvictionChoice.Holder("a", Optional.of(ago(600)), Map.of(), true);
    assertEquals(Optional.empty(), choose(ZAPPER, pinned));
  }

  @Test
  void aStartNobodyAskedForDisplacesOnlyUnwatchedChannels() {
    EvictionChoice.Holder watched = holder("a", Map.of("alice|198.51.100.7", ago(2)));
    assertEquals(Optional.empty(), choose(Viewer.NONE, watched));
    assertEquals(Optional.empty(), choose(new Viewer("alice", null), watched));
  }
}
