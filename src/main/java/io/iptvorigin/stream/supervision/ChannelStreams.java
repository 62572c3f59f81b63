package io.iptvorigin.stream.supervision;

import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of supervision share on this node: the channels it supervises by id, the node's
 * name in ownership leases, and the threads that launch, stop and time out runs. Holds no rules.
 */
@ApplicationScoped
public class ChannelStreams {
  @Inject StreamSettings settings;

  private final Map<String, ChannelStream> byId = new ConcurrentHashMap<>();
  private String node;
  private ExecutorService workers;
  private ScheduledExecutorService timers;
  private volatile boolean closed;

  ChannelStreams() {}

  /** Tests choose the node name and the threads (so they decide when queued work runs). */
  ChannelStreams(String node, ExecutorService workers, ScheduledExecutorService timers) {
    this.node = node;
    this.workers = workers;
    this.timers = timers;
  }

  @PostConstruct
  void init() {
    node = settings.nodeId();
    workers = Executors.newCachedThreadPool(DaemonThreads.named("iptv-stream"));
    timers = Executors.newScheduledThreadPool(1, DaemonThreads.named("iptv-stream-timer"));
  }

  @PreDestroy
  void close() {
    // FFmpeg keeps running for the next deployment to adopt; only our threads go.
    closed = true;
    timers.shutdownNow();
    workers.shutdownNow();
  }

  ChannelStream get(String channelId) {
    return byId.get(channelId);
  }

  ChannelStream getOrCreate(String channelId) {
    return byId.computeIfAbsent(channelId, ChannelStream::new);
  }

  void put(ChannelStream stream) {
    byId.put(stream.channelId, stream);
  }

  /** Removes the stream only if it is still the channel's current one. */
  void remove(ChannelStream stream) {
    byId.remove(stream.channelId, stream);
  }

  Set<String> ids() {
    return Set.copyOf(byId.keySet());
  }

  String node() {
    return node;
  }

  ExecutorService workers() {
    return workers;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  /** Set when the deployment goes away: late callbacks must leave FFmpeg and Redis alone. */
  boolean closed() {
    return closed;
  }
}
