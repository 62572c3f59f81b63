package io.iptvorigin.cluster.drain;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.NodeDraining;
import io.iptvorigin.cluster.NodeHeartbeat;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * While this node drains, hands every channel it runs to another node ({@link ChannelHandover}),
 * {@value #AT_ONCE} at a time, and tries again every 2 s for those no node could take yet.
 */
@Singleton
public class NodeDrain {
  private static final Logger LOG = Logger.getLogger(NodeDrain.class.getName());
  static final int AT_ONCE = 4;

  @Inject NodeDraining draining;
  @Inject StreamSupervisor supervisor;
  @Inject ChannelHandover handover;
  @Inject NodeHeartbeat heartbeat;

  private final Set<ChannelId> underWay = ConcurrentHashMap.newKeySet();
  // The latest failure logged per channel: a pass every 2 s with no node to take it (a single
  // node, every other one draining) logs the reason once, and again only when it changes.
  private final Map<ChannelId, String> failing = new ConcurrentHashMap<>();
  private ExecutorService workers;

  @PostConstruct
  void init() {
    workers = Executors.newFixedThreadPool(AT_ONCE, DaemonThreads.named("node-drain"));
  }

  @PreDestroy
  void shutdown() {
    workers.shutdownNow();
  }

  /** Starts draining; false if the node drained already. */
  public boolean start() {
    boolean started = draining.start();
    // The other nodes take a channel over only from a node Redis says drains: say it now.
    heartbeat.beat();
    if (started) {
      LOG.info(
          "node drain start node="
              + supervisor.node()
              + " channels="
              + supervisor.localChannels().size());
    }
    pass();
    return started;
  }

  /** Ends draining: the node takes channels again. False if it was not draining. */
  public boolean end() {
    boolean ended = draining.end();
    heartbeat.beat();
    if (ended) {
      LOG.info("node drain end node=" + supervisor.node());
    }
    return ended;
  }

  @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
  void pass() {
    if (!draining.active()) {
      failing.clear();
      return;
    }
    for (ChannelId channel : supervisor.localChannels()) {
      if (underWay.add(channel)) {
        workers.execute(
            () -> {
              try {
                Optional<String> failure = handover.handOver(channel);
                if (failure.isEmpty()) {
                  failing.remove(channel);
                } else {
                  logOnce(channel, failure.get());
                }
              } catch (RuntimeException e) {
                logOnce(channel, String.valueOf(e.getMessage()));
              } finally {
                underWay.remove(channel);
              }
            });
      }
    }
  }

  private void logOnce(ChannelId channel, String reason) {
    if (!reason.equals(failing.put(channel, reason))) {
      LOG.warning(
          "stream handover failed channel="
              + channel.value()
              + " reason=\""
              + reason
              + "\" retry_every=2s");
    }
  }
}
