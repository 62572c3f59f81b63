package io.iptvorigin.stream.supervision;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * What happened to this node's streams, for the operator: starts (how long a viewer waited, how it
 * ended), restarts and source switches, counted in the metrics and the latest {@value #KEPT} of
 * each kept for the status page. Channel-labelled counters exist only while their channel runs here
 * ({@link #forgetAllBut}), so the series a node exports stay bounded by what it runs.
 */
@ApplicationScoped
public class StreamEvents {
  static final int KEPT = 50;

  /**
   * A viewer's cold start: {@code latency} from their request to a playable playlist, or failure.
   */
  public record Start(Instant at, String channelId, String result, Duration latency) {}

  /** A run ended and was restarted, or its channel switched source ({@code kind}). */
  public record Failure(Instant at, String channelId, String kind, String reason) {}

  /** The start histogram's buckets, seconds: a good start is 1-3 s, a bad one 5-15 s. */
  private static final double[] START_BUCKETS = {0.5, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 15};

  @Inject Metrics metrics;
  @Inject Clock clock;

  private MeterRegistry registry;
  private Timer startTime;
  private final ArrayDeque<Start> starts = new ArrayDeque<>();
  private final ArrayDeque<Failure> failures = new ArrayDeque<>();

  /** Events counted in {@code registry}: for tests of the supervision, without CDI. */
  static StreamEvents countingIn(MeterRegistry registry, Clock clock) {
    StreamEvents events = new StreamEvents();
    events.clock = clock;
    events.init(registry);
    return events;
  }

  @PostConstruct
  void init() {
    init(metrics.registry());
  }

  private void init(MeterRegistry registry) {
    this.registry = registry;
    startTime =
        Timer.builder("iptv.stream.start")
            .description(
                "A viewer's first request for a channel not running to a playable playlist")
            .serviceLevelObjectives(
                java.util.Arrays.stream(START_BUCKETS)
                    .mapToObj(s -> Duration.ofMillis((long) (s * 1000)))
                    .toArray(Duration[]::new))
            .minimumExpectedValue(Duration.ofMillis(100))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** A viewer's cold start ended: {@code result} is {@code ok} or why not (bounded words). */
  public void started(String channelId, String result, Duration latency) {
    Counter.builder("iptv.stream.starts")
        .description("Viewers' cold starts by how they ended")
        .tag("result", result)
        .register(registry)
        .increment();
    if (result.equals("ok")) {
      startTime.record(latency);
    }
    keep(starts, new Start(clock.now(), channelId, result, latency));
  }

  /** A run of a channel ended and another is launched; {@code cause} is a bounded word. */
  public void restarted(String channelId, String cause, String reason) {
    counted("iptv.stream.restarts", "Runs of a channel restarted, by cause", channelId, cause);
    keep(failures, new Failure(clock.now(), channelId, "restart", reason));
  }

  /** The channel switched source; {@code cause} is a bounded word. */
  public void failedOver(String channelId, String cause, String reason) {
    counted("iptv.stream.failovers", "Source switches of a channel, by cause", channelId, cause);
    keep(failures, new Failure(clock.now(), channelId, "failover", reason));
  }

  private void counted(String name, String description, String channelId, String cause) {
    Counter.builder(name)
        .description(description)
        .tags("channel", channelId, "reason", cause)
        .register(registry)
        .increment();
  }

  /** A cold start failed on every source: kept for the status page (the start counts it). */
  public void startFailed(String channelId, String reason) {
    keep(failures, new Failure(clock.now(), channelId, "start_failed", reason));
  }

  /** Newest first. */
  public List<Start> recentStarts() {
    return newestFirst(starts);
  }

  /** Newest first. */
  public List<Failure> recentFailures() {
    return newestFirst(failures);
  }

  /** Removes the channel-labelled meters of every channel but {@code running}. */
  public void forgetAllBut(Set<String> running) {
    for (Meter meter : List.copyOf(registry.getMeters())) {
      String channel = meter.getId().getTag("channel");
      if (channel != null && !running.contains(channel) && isOurs(meter)) {
        registry.remove(meter);
      }
    }
  }

  private static boolean isOurs(Meter meter) {
    String name = meter.getId().getName();
    return name.equals("iptv.stream.restarts") || name.equals("iptv.stream.failovers");
  }

  private static <T> void keep(ArrayDeque<T> events, T event) {
    synchronized (events) {
      events.addFirst(event);
      while (events.size() > KEPT) {
        events.removeLast();
      }
    }
  }

  private static <T> List<T> newestFirst(ArrayDeque<T> events) {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
