package io.iptvorigin.stream.ts;

import io.iptvorigin.access.ViewerAuthorizer;
import io.iptvorigin.access.ViewerSessions;
import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.hls.PlaylistWatcher;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The TS viewers of each channel and the segment list they follow. When FFmpeg rewrites a channel
 * playlist (one inotify watch, {@link PlaylistWatcher}) the list is read once and every viewer of
 * that channel that was waiting is woken; a viewer writing its current segment is woken by its
 * socket instead. Every {@code iptv.ts.check-seconds} each viewer is authorised again (its token
 * may have been revoked; the check also refreshes its session and keeps the channel from the idle
 * stop), and a viewer of a channel that stopped is ended.
 *
 * <p>Two small pools, whatever the number of viewers: one thread family copies segment bytes from
 * the HLS tmpfs into sockets that are ready (never waiting on one), one runs the periodic checks.
 */
@ApplicationScoped
public class TsFeeds {
  private static final Logger LOG = Logger.getLogger(TsFeeds.class.getName());

  @Inject HlsPaths paths;
  @Inject PlaylistWatcher watcher;
  @Inject StreamSupervisor supervisor;
  @Inject ViewerAuthorizer authorizer;
  @Inject ViewerSessions sessions;
  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "iptv.ts.max-behind-seconds", defaultValue = "20")
  double maxBehindSeconds;

  @Inject
  @ConfigProperty(name = "iptv.ts.check-seconds", defaultValue = "5")
  int checkSeconds;

  private final Map<String, Set<TsViewer>> viewers = new ConcurrentHashMap<>();
  private final Map<String, SegmentList> lists = new ConcurrentHashMap<>();
  private ExecutorService pumps;
  private ScheduledExecutorService checks;

  @PostConstruct
  void open() {
    pumps =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            DaemonThreads.named("iptv-ts"));
    checks = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("iptv-ts-check"));
    checks.scheduleWithFixedDelay(this::checkAll, checkSeconds, checkSeconds, TimeUnit.SECONDS);
    watcher.addListener(this::playlistChanged);
  }

  @PreDestroy
  void close() {
    viewers.values().forEach(set -> set.forEach(v -> v.end("shutdown")));
    checks.shutdownNow();
    pumps.shutdownNow();
  }

  double maxBehindSeconds() {
    return maxBehindSeconds;
  }

  HlsPaths paths() {
    return paths;
  }

  void join(TsViewer viewer) {
    lists.computeIfAbsent(viewer.channelId(), this::read);
    viewers.computeIfAbsent(viewer.channelId(), id -> ConcurrentHashMap.newKeySet()).add(viewer);
  }

  void leave(TsViewer viewer) {
    viewers.computeIfPresent(
        viewer.channelId(),
        (id, set) -> {
          set.remove(viewer);
          if (set.isEmpty()) {
            lists.remove(id);
            return null;
          }
          return set;
        });
    if (viewer.username() != null) {
      // Not on the caller's thread: an end seen by the container comes on one of its I/O threads.
      try {
        checks.execute(() -> release(viewer));
      } catch (RejectedExecutionException e) {
        release(viewer);
      }
    }
  }

  private void release(TsViewer viewer) {
    try {
      sessions.release(viewer.username(), viewer.channelId(), viewer.address());
    } catch (RuntimeException e) {
      // Redis away: the session window frees the slot instead.
      LOG.fine("ts session not released: " + e);
    }
  }

  /** The channel's segments as last read. */
  SegmentList segments(String channelId) {
    return lists.getOrDefault(channelId, SegmentList.EMPTY);
  }

  /** Runs the viewer's copy loop on the pool (never on the caller's thread). */
  void wake(TsViewer viewer) {
    pumps.execute(viewer::pump);
  }

  int viewerCount() {
    return viewers.values().stream().mapToInt(Set::size).sum();
  }

  private void playlistChanged(String channelId) {
    Set<TsViewer> watching = viewers.get(channelId);
    if (watching == null) {
      return;
    }
    lists.put(channelId, read(channelId));
    watching.forEach(this::wake);
  }

  private SegmentList read(String channelId) {
    try {
      return SegmentList.parse(channelId, Files.readString(paths.playlist(channelId)));
    } catch (IOException e) {
      return SegmentList.EMPTY;
    }
  }

  private void checkAll() {
    viewers.forEach(
        (channelId, set) -> {
          // A missed inotify event must not stall anyone: the list is read again here too.
          lists.computeIfPresent(channelId, (id, old) -> read(id));
          boolean running = supervisor.supervises(new ChannelId(channelId));
          for (TsViewer viewer : set) {
            try {
              check(viewer, running);
            } catch (RuntimeException e) {
              LOG.warning(
                  "ts check failed channel=" + channelId + " reason=\"" + e.getMessage() + "\"");
            }
          }
        });
  }

  private void check(TsViewer viewer, boolean running) {
    if (!running) {
      viewer.endAfterCurrent("channel stopped");
      return;
    }
    viewer.cutIfBehind(segments(viewer.channelId()));
    ViewerAuthorizer.Decision decision =
        authorizer.authorize(viewer.token(), viewer.channelId(), viewer.address());
    // A refusal ends the stream: revoked, disabled, expired, the channel retired, or a
    // connection over max_connections (another device took the slot this one held).
    if (!decision.allowed()) {
      viewer.end(decision.reason());
      return;
    }
    wake(viewer);
  }
}
