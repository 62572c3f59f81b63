package io.iptvorigin.stream.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which running channel of a full provider to stop so that another can start. A channel may go when
 * nobody watches it any more (its last viewer request is older than the grace) or when everyone who
 * watched it within the grace is the viewer now asking for another channel (they zapped). Of those,
 * the least recently watched goes. A channel someone else watches is never taken from them, and an
 * always-on channel is never stopped for another: the start is refused instead.
 */
final class EvictionChoice {
  /**
   * A channel holding one of the provider's slots: its last viewer request ({@code
   * stream:{id}:last_access}), its viewers by last seen ({@code user|address}), and whether it is
   * always on.
   */
  record Holder(
      String channelId,
      Optional<Instant> lastAccess,
      Map<String, Instant> viewers,
      boolean alwaysOn) {
    Holder {
      viewers = Map.copyOf(viewers);
    }

    /** The newest sign of a viewer; {@link Instant#MIN} when there never was one. */
    Instant lastWatched() {
      Instant newest = lastAccess.orElse(Instant.MIN);
      for (Instant seen : viewers.values()) {
        if (seen.isAfter(newest)) {
          newest = seen;
        }
      }
      return newest;
    }
  }

  private EvictionChoice() {}

  /** The channel to stop for {@code requester}'s start; empty when none may be. */
  static Optional<String> choose(
      List<Holder> holders, Viewer requester, Instant now, Duration grace) {
    Instant watchedSince = now.minus(grace);
    return holders.stream()
        .filter(h -> !h.alwaysOn())
        .filter(h -> evictable(h, requester.member(), watchedSince))
        .min(Comparator.comparing(Holder::lastWatched).thenComparing(Holder::channelId))
        .map(Holder::channelId);
  }

  private static boolean evictable(Holder holder, String requester, Instant watchedSince) {
    if (holder.lastWatched().isBefore(watchedSince)) {
      return true;
    }
    List<String> recent =
        holder.viewers().entrySet().stream()
            .filter(v -> !v.getValue().isBefore(watchedSince))
            .map(Map.Entry::getKey)
            .toList();
    return requester != null && !recent.isEmpty() && recent.stream().allMatch(requester::equals);
  }
}
