package io.iptvorigin.epg;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.Credentials;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.common.Redis;
import io.iptvorigin.stream.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One refresh of one source: download, decompress, parse in one streaming pass keeping only the
 * programmes of channels some channel maps to (inside the window), write them as a new generation
 * and switch to it. Anything wrong on the way (HTTP error, refused address, a cap, broken XML,
 * Redis away) marks the source failed with the reason and leaves the guide in use as it was.
 */
@ApplicationScoped
public class GuideRefresh {
  private static final Logger LOG = Logger.getLogger(GuideRefresh.class.getName());
  private static final int CHANNELS_PER_WRITE = 200;
  private static final long RENEW_SECONDS = 15;

  @Inject Redis redis;
  @Inject EpgSourceRepository sources;
  @Inject GuideStore store;
  @Inject GuideDownload download;
  @Inject ChannelRepository channels;
  @Inject EpgSettings settings;
  @Inject StreamSettings streams;
  @Inject Clock clock;

  private ScheduledExecutorService renewer;

  @PostConstruct
  void init() {
    renewer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("epg-lease"));
  }

  @PreDestroy
  void close() {
    renewer.shutdownNow();
  }

  /**
   * Refreshes {@code sourceId} if this node gets its lease and (unless {@code forced}) it is due;
   * false when another node holds the lease or there is nothing to do.
   */
  public boolean run(String sourceId, boolean forced) {
    String node = streams.nodeId();
    Optional<GuideLease> lease = GuideLease.take(redis, sourceId, node);
    if (lease.isEmpty()) {
      return false;
    }
    try {
      Optional<EpgSource> source = sources.find(sourceId);
      Instant now = clock.now();
      EpgSourceStatus before = sources.status(sourceId);
      // Checked again under the lease: another node may have refreshed it a moment ago.
      if (source.isEmpty() || !forced && !before.dueAt(now, source.get().refreshMinutes())) {
        return false;
      }
      sources.saveStatus(sourceId, before.running(now, node));
      ScheduledFuture<?> renewal =
          renewer.scheduleWithFixedDelay(
              () -> renew(lease.get(), sourceId), RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
      try {
        refresh(source.get(), before, now, node);
      } finally {
        renewal.cancel(false);
      }
      return true;
    } finally {
      lease.get().release();
    }
  }

  private void refresh(EpgSource source, EpgSourceStatus before, Instant started, String node) {
    long generation = store.newGeneration(source.id());
    long startNanos = System.nanoTime();
    long[] downloaded = {0};
    try {
      Set<String> wanted = mappedChannels();
      Path work = settings.dir().resolve("work");
      Files.createDirectories(work);
      long nowSecond = started.getEpochSecond();
      try (WatchedBody body = download.open(source.url());
          GuideCollector collector =
              new GuideCollector(
                  work, wanted, settings.windowStart(nowSecond), settings.windowEnd(nowSecond))) {
        BufferedInputStream buffered = new BufferedInputStream(body, 65536);
        String compression = compression(buffered);
        CappedInputStream xml =
            new CappedInputStream(GuideDecompression.open(buffered), settings.maxXmlBytes());
        XmltvReader.Result read = XmltvReader.read(xml, collector);
        downloaded[0] = body.bytes();
        Map<String, byte[]> batch = new HashMap<>();
        long[] kept = {0, 0};
        collector.forEachChannel(
            (channel, programmes) -> {
              batch.put(channel, ProgrammeCodec.encode(programmes));
              kept[0]++;
              kept[1] += programmes.size();
              if (batch.size() == CHANNELS_PER_WRITE) {
                store.write(source.id(), generation, batch);
                batch.clear();
              }
            });
        store.write(source.id(), generation, batch);
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        EpgSourceStatus done =
            new EpgSourceStatus(
                "ok",
                started,
                started,
                body.bytes(),
                xml.bytes(),
                compression,
                read.channels(),
                kept[1],
                read.skipped(),
                millis,
                null,
                node);
        if (!store.switchTo(source.id(), generation, done)) {
          LOG.info("epg refresh dropped source=" + source.id() + " reason=source-deleted");
          return;
        }
        LOG.info(
            "epg refresh ok source="
                + source.id()
                + " bytes="
                + body.bytes()
                + " xml_bytes="
                + xml.bytes()
                + " compression="
                + compression
                + " channels="
                + read.channels()
                + " mapped_channels="
                + kept[0]
                + " programmes="
                + kept[1]
                + " skipped="
                + read.skipped()
                + " duration_ms="
                + millis);
      }
    } catch (IOException | GuideFormatException | RuntimeException e) {
      long millis = (System.nanoTime() - startNanos) / 1_000_000;
      String reason = reason(e);
      try {
        store.discard(source.id(), generation);
        sources.saveStatus(
            source.id(), before.failed(started, millis, downloaded[0], reason, node));
      } catch (JedisException redisAway) {
        LOG.fine("epg status not saved source=" + source.id());
      }
      LOG.warning(
          "epg refresh failed source="
              + source.id()
              + " reason=\""
              + reason
              + "\" effect=the previous guide stays in use");
    }
  }

  /** Every XMLTV id some channel maps to, active or not: enabling one must not wait a refresh. */
  private Set<String> mappedChannels() {
    Set<String> wanted = new HashSet<>();
    for (Channel channel : channels.snapshot().channels()) {
      if (channel.epgChannelId() != null) {
        wanted.add(channel.epgChannelId());
      }
    }
    return wanted;
  }

  /**
   * Keeps the lease while the refresh runs (a download may pause up to the read timeout). A lease
   * lost anyway (Redis away longer than its TTL) is logged; the switch stays atomic either way.
   */
  private static void renew(GuideLease lease, String sourceId) {
    try {
      if (!lease.renew()) {
        LOG.warning("epg refresh lease lost source=" + sourceId);
      }
    } catch (JedisException e) {
      LOG.fine("epg lease not renewed source=" + sourceId + " reason=\"" + e.getMessage() + "\"");
    }
  }

  private static String compression(BufferedInputStream in) throws IOException {
    byte[] head = new byte[6];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    if (n == 0) {
      throw new IOException("empty download");
    }
    return GuideDecompression.detect(head, n);
  }

  private static String reason(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof JedisException) {
      message = "Redis: " + message;
    }
    message = Credentials.redact(message.replaceAll("[\\r\\n\\t]+", " "));
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
