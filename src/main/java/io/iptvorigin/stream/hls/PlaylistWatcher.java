package io.iptvorigin.stream.hls;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches the HLS directory (inotify, no polling): FFmpeg renames each new run playlist into place
 * in {@code runs/}, which goes to the {@link PlaylistKeeper} at once and completes the supervisor's
 * wait for a run's first segment; the keeper then renames the channel playlist into place in the
 * directory itself, which goes to the listeners (continuous TS). A viewer's request is answered
 * within milliseconds of FFmpeg's first playlist write.
 */
@ApplicationScoped
public class PlaylistWatcher {
  private static final Logger LOG = Logger.getLogger(PlaylistWatcher.class.getName());

  @Inject HlsPaths paths;
  @Inject PlaylistKeeper keeper;

  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private WatchService watcher;
  private WatchKey runsKey;
  private Thread thread;

  @PostConstruct
  void open() {
    try {
      Files.createDirectories(paths.runsDir());
      watcher = FileSystems.getDefault().newWatchService();
      // Creations only (a rename into place is one): every playlist is written to a temporary
      // file and renamed, by FFmpeg (temp_file) and by this application alike. Modifications
      // would be an event for every write of every segment of every channel, all for nothing
      // (at 500 channels the JDK's watch thread spent a few % of a core on them).
      paths.dir().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      runsKey = paths.runsDir().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot watch HLS directory " + paths.dir(), e);
    }
    thread = new Thread(this::run, "iptv-playlist-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Created with the deployment, not at first use: after a redeploy that only adopts running
   * FFmpegs, nothing else would ask for the watcher, and their channel playlists would stop.
   */
  void startWithTheApplication(
      @jakarta.enterprise.event.Observes
          @jakarta.enterprise.context.Initialized(ApplicationScoped.class)
          Object application) {
    // Observing is enough: the container creates this bean to deliver the event.
  }

  @PreDestroy
  void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing watcher", e);
    }
    waiting.values().forEach(f -> f.cancel(false));
  }

  /**
   * Calls {@code listener} with the channel id whenever the channel playlist is written (or
   * removed), on the watcher's thread: it must hand real work elsewhere.
   */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * A future completed when the channel's current FFmpeg run has listed a segment. Completed at
   * once if it already has. Callers bound the wait themselves.
   */
  public CompletableFuture<Void> awaitRunPlayable(String channelId) {
    CompletableFuture<Void> future =
        waiting.computeIfAbsent(channelId, id -> new CompletableFuture<>());
    // The playlist may have appeared before the registration above: check once after it.
    if (paths.runIsPlayable(channelId)) {
      complete(channelId);
    }
    return future;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path file) {
            if (key == runsKey) {
              onRunFile(file.getFileName().toString());
            } else {
              onFile(file.getFileName().toString());
            }
          } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            // Listeners re-read on their own periodic check.
            waiting
                .keySet()
                .forEach(
                    id -> {
                      keeper.runPlaylistChanged(id);
                      if (paths.runIsPlayable(id)) {
                        complete(id);
                      }
                    });
          }
        }
        if (!key.reset()) {
          LOG.severe("HLS directory watch ended: " + paths.dir());
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onFile(String name) {
    channelOf(name).ifPresent(id -> listeners.forEach(listener -> listener.accept(id)));
  }

  private void onRunFile(String name) {
    channelOf(name)
        .ifPresent(
            id -> {
              keeper.runPlaylistChanged(id);
              if (waiting.containsKey(id) && paths.runIsPlayable(id)) {
                complete(id);
              }
            });
  }

  private static java.util.Optional<String> channelOf(String name) {
    if (!name.startsWith("stream_") || !name.endsWith(".m3u8")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        name.substring("stream_".length(), name.length() - ".m3u8".length()));
  }

  private void complete(String channelId) {
    CompletableFuture<Void> future = waiting.remove(channelId);
    if (future != null) {
      future.complete(null);
    }
  }
}
