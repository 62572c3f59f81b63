package io.iptvorigin.monitoring.status;

import io.iptvorigin.access.ViewerSessions;
import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.stream.supervision.StreamEvents;
import io.iptvorigin.stream.supervision.StreamState;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What the status page shows, taken at one moment: the cluster's running channels (from Redis,
 * whichever node runs them), this node's latest starts and failures (kept in memory) and the live
 * nodes. Source URLs are shown without user-info and query, where accounts travel. Without Redis
 * the page still shows this node's own events, with the reason the rest is missing.
 */
@ApplicationScoped
public class StatusReport {
  private static final Logger LOG = Logger.getLogger(StatusReport.class.getName());

  /** A running channel as the page lists it. */
  public record RunningChannel(
      String id,
      String name,
      long viewers,
      String mode,
      String source,
      int sourceIndex,
      String node,
      Optional<Duration> uptime,
      int restarts,
      String lastSwitch) {}

  /** The page's content; {@code unavailable} says why the Redis parts are missing, if they are. */
  public record View(
      Instant at,
      String node,
      List<RunningChannel> channels,
      List<StreamEvents.Start> starts,
      List<StreamEvents.Failure> failures,
      List<Nodes.Peer> nodes,
      Optional<String> unavailable) {}

  @Inject StreamState state;
  @Inject StreamEvents events;
  @Inject StreamSupervisor supervisor;
  @Inject ChannelRepository channels;
  @Inject ViewerSessions sessions;
  @Inject Nodes nodes;
  @Inject Clock clock;

  public View take() {
    Instant now = clock.now();
    List<StreamEvents.Start> starts = events.recentStarts();
    List<StreamEvents.Failure> failures = events.recentFailures();
    try {
      return new View(
          now, supervisor.node(), running(now), starts, failures, nodes.peers(), Optional.empty());
    } catch (JedisException e) {
      LOG.warning("status page without Redis reason=\"" + e.getMessage() + "\"");
      return new View(
          now,
          supervisor.node(),
          List.of(),
          starts,
          failures,
          List.of(),
          Optional.of("Redis is unavailable: running channels and nodes cannot be read"));
    }
  }

  private List<RunningChannel> running(Instant now) {
    List<StreamState.Snapshot> snapshots = state.snapshots();
    Map<String, Long> viewers =
        state.viewerCounts(
            snapshots.stream().map(StreamState.Snapshot::channelId).toList(),
            now.toEpochMilli() - sessions.window().toMillis());
    Map<String, Channel> stored =
        channels.findAll(snapshots.stream().map(s -> new ChannelId(s.channelId())).toList());
    List<RunningChannel> running = new ArrayList<>();
    for (StreamState.Snapshot snapshot : snapshots) {
      String id = snapshot.channelId();
      Channel channel = stored.get(id);
      String name = channel == null || channel.name() == null ? "" : channel.name();
      running.add(
          new RunningChannel(
              id,
              name,
              viewers.getOrDefault(id, 0L),
              snapshot.fields().getOrDefault("mode", ""),
              Credentials.forDisplay(snapshot.source()),
              snapshot.sourceIndex(),
              snapshot.owner().orElse(""),
              snapshot.started().map(started -> Duration.between(started, now)),
              snapshot.restarts(),
              Credentials.forDisplay(snapshot.fields().getOrDefault("last_switch", ""))));
    }
    running.sort(
        Comparator.comparingLong(RunningChannel::viewers)
            .reversed()
            .thenComparing(RunningChannel::id));
    return running;
  }
}
