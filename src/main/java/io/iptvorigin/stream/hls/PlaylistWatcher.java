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
 * Tells waiting starts the moment a channel's playlist first lists a segment. One inotify watch on
 * the HLS directory (FFmpeg renames each new playlist into place), no polling: the viewer's request
 * is answered within milliseconds of FFmpeg's first playlist write.
 */
@ApplicationScoped
public class PlaylistWatcher {
  private static final Logger LOG = Logger.getLogger(PlaylistWatcher.class.getName());

  @Inject HlsPaths paths;

  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private WatchService watcher;
  private Thread thread;

  @PostConstruct
  void open() {
    try {
      Files.createDirectories(paths.dir());
      watcher = FileSystems.getDefault().newWatchService();
      paths
          .dir()
          .register(
              watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      throw new IllegalStateException("cannot watch HLS directory " + paths.dir(), e);
    }
    thread = new Thread(this::run, "iptv-playlist-watcher");
    thread.setDaemon(true);
    thread.start();
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
   * Calls {@code listener} with the channel id whenever FFmpeg writes (or removes) a channel's
   * playlist, on the watcher's thread: it must hand real work elsewhere.
   */
  public void addListener(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * A future completed when the channel's playlist is playable. Completed at once if it already is.
   * Callers bound the wait themselves.
   */
  public CompletableFuture<Void> awaitPlayable(String channelId) {
    CompletableFuture<Void> future =
        waiting.computeIfAbsent(channelId, id -> new CompletableFuture<>());
    // The playlist may have appeared before the registration above: check once after it.
    if (paths.isPlayable(channelId)) {
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
            onFile(file.getFileName().toString());
          } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            // Listeners re-read on their own periodic check.
            waiting
                .keySet()
                .forEach(
                    id -> {
                      if (paths.isPlayable(id)) {
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
    if (!name.startsWith("stream_") || !name.endsWith(".m3u8")) {
      return;
    }
    String channelId = name.substring("stream_".length(), name.length() - ".m3u8".length());
    for (Consumer<String> listener : listeners) {
      listener.accept(channelId);
    }
    if (waiting.containsKey(channelId) && paths.isPlayable(channelId)) {
      complete(channelId);
    }
  }

  private void complete(String channelId) {
    CompletableFuture<Void> future = waiting.remove(channelId);
    if (future != null) {
      future.complete(null);
    }
  }
}
