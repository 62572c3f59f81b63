package io.iptvorigin.monitoring;

import io.iptvorigin.access.ViewerSessions;
import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Metrics;
import io.iptvorigin.provider.Provider;
import io.iptvorigin.provider.ProviderRepository;
import io.iptvorigin.provider.ProviderSlots;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.ffmpeg.FfmpegLog;
import io.iptvorigin.stream.hls.SegmentBitrate;
import io.iptvorigin.stream.supervision.StreamEvents;
import io.iptvorigin.stream.supervision.StreamState;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gauges that describe what runs on this node, taken afresh at each scrape: one row per channel
 * running here (viewers, FFmpeg's speed, bit rate, name and provider), channels by mode, providers'
 * connections, live nodes. A channel that stopped leaves every series at the next scrape, so a node
 * exports as many channel series as it runs, whatever its history.
 */
@ApplicationScoped
public class RunningChannelMeters {
  @Inject Metrics metrics;
  @Inject StreamSupervisor supervisor;
  @Inject StreamState state;
  @Inject StreamEvents events;
  @Inject ViewerSessions sessions;
  @Inject ChannelRepository channels;
  @Inject ProviderRepository providers;
  @Inject ProviderSlots slots;
  @Inject FfmpegLog logs;
  @Inject SegmentBitrate bitrates;
  @Inject Nodes nodes;
  @Inject Clock clock;

  private MultiGauge viewers;
  private MultiGauge info;
  private MultiGauge running;
  private MultiGauge speed;
  private MultiGauge bitrate;
  private MultiGauge providerConnections;
  private MultiGauge providerLimits;
  private MultiGauge clusterNodes;

  @PostConstruct
  void init() {
    viewers =
        gauge("iptv.channel.viewers", "Live viewer sessions of a channel running on this node");
    info =
        gauge(
            "iptv.channel.info",
            "A channel running on this node (always 1): its name, provider, node");
    running = gauge("iptv.channels.running", "Channels this node runs, by mode");
    speed =
        gauge(
            "iptv.ffmpeg.speed",
            "A run's speed: media seconds per wall second (1 is real time); FFmpeg's own report, or"
                + " what the supervisor measures of a native run");
    bitrate =
        MultiGauge.builder("iptv.upstream.bitrate")
            .description("A running channel's bit rate over its latest segments")
            .baseUnit("bits")
            .register(metrics.registry());
    providerConnections =
        gauge("iptv.provider.connections", "A provider's connections held across the cluster");
    providerLimits = gauge("iptv.provider.connections.max", "A provider's connection limit");
    clusterNodes = gauge("iptv.cluster.nodes", "Nodes with a live heartbeat in Redis");
  }

  private MultiGauge gauge(String name, String description) {
    return MultiGauge.builder(name).description(description).register(metrics.registry());
  }

  /** Takes every gauge afresh; called before each scrape. */
  public synchronized void refresh() {
    Set<String> ids = new TreeSet<>();
    supervisor.localChannels().forEach(id -> ids.add(id.value()));
    Map<String, Long> counts =
        state.viewerCounts(
            List.copyOf(ids), clock.now().toEpochMilli() - sessions.window().toMillis());
    Map<String, Channel> stored = channels.findAll(ids.stream().map(ChannelId::new).toList());
    List<MultiGauge.Row<?>> viewerRows = new ArrayList<>();
    List<MultiGauge.Row<?>> infoRows = new ArrayList<>();
    List<MultiGauge.Row<?>> speedRows = new ArrayList<>();
    List<MultiGauge.Row<?>> bitrateRows = new ArrayList<>();
    Map<StreamMode, Integer> byMode = new EnumMap<>(StreamMode.class);
    for (StreamMode mode : StreamMode.values()) {
      byMode.put(mode, 0);
    }
    for (String id : ids) {
      Tags channel = Tags.of("channel", id);
      viewerRows.add(MultiGauge.Row.of(channel, counts.getOrDefault(id, 0L)));
      supervisor.modeOf(new ChannelId(id)).ifPresent(mode -> byMode.merge(mode, 1, Integer::sum));
      Channel found = stored.get(id);
      if (found != null) {
        infoRows.add(MultiGauge.Row.of(infoTags(found), 1));
      }
      logs.speed(id)
          .or(() -> supervisor.nativeSpeedOf(new ChannelId(id)))
          .ifPresent(s -> speedRows.add(MultiGauge.Row.of(channel, s)));
      bitrates.of(id).ifPresent(b -> bitrateRows.add(MultiGauge.Row.of(channel, b)));
    }
    viewers.register(viewerRows, true);
    info.register(infoRows, true);
    speed.register(speedRows, true);
    bitrate.register(bitrateRows, true);
    List<MultiGauge.Row<?>> modeRows = new ArrayList<>();
    byMode.forEach(
        (mode, n) -> modeRows.add(MultiGauge.Row.of(Tags.of("mode", mode.wireName()), n)));
    running.register(modeRows, true);
    refreshProviders();
    clusterNodes.register(List.of(MultiGauge.Row.of(Tags.empty(), nodes.peers().size())), true);
    events.forgetAllBut(ids);
  }

  private Tags infoTags(Channel channel) {
    String provider = channel.resilience().provider();
    return Tags.of(
        "channel",
        channel.id(),
        "name",
        channel.name() == null ? "" : channel.name(),
        "provider",
        provider == null ? "" : provider,
        "node",
        supervisor.node());
  }

  private void refreshProviders() {
    List<Provider> all = providers.list();
    Map<String, List<String>> holders = slots.holders(all.stream().map(Provider::id).toList());
    List<MultiGauge.Row<?>> used = new ArrayList<>();
    List<MultiGauge.Row<?>> limits = new ArrayList<>();
    for (Provider provider : all) {
      Tags tags = Tags.of("provider", provider.id());
      used.add(MultiGauge.Row.of(tags, holders.getOrDefault(provider.id(), List.of()).size()));
      limits.add(MultiGauge.Row.of(tags, provider.maxConnections()));
    }
    providerConnections.register(used, true);
    providerLimits.register(limits, true);
  }
}
