package io.iptvorigin.epg;

import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.Clock;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.common.Redis;
import io.iptvorigin.delivery.PlainAndGzipFile;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The guide file nginx sends every subscriber ({@code {iptv.epg.dir}/guide-E-C.xml} and its .gz),
 * rendered on this node whenever the guide (revision E) or the channel list (revision C) changed:
 * looked at every 2 s, rendered in the background, one render at a time, so a burst of panel
 * changes costs one render after it rather than one per change. Until the new file is complete the
 * previous one is served; the one before it is deleted.
 */
@Singleton
@Startup
public class GuideFiles {
  private static final Logger LOG = Logger.getLogger(GuideFiles.class.getName());
  private static final String PREFIX = "guide-";

  @Inject Redis redis;
  @Inject GuideStore store;
  @Inject ChannelRepository channels;
  @Inject GuideRenderer renderer;
  @Inject EpgSettings settings;
  @Inject Clock clock;

  private final AtomicBoolean rendering = new AtomicBoolean();
  private ExecutorService worker;
  private volatile String current;
  private volatile String previous;
  private volatile String renderedRevisions;
  private Path dir;

  @PostConstruct
  void init() {
    dir = settings.dir();
    worker = Executors.newSingleThreadExecutor(DaemonThreads.named("epg-render"));
    try {
      Files.createDirectories(dir);
      // nginx opens the file it is told; nobody needs to list them.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, PREFIX + "*")) {
        for (Path file : old) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warning("epg directory not ready directory=" + dir + " reason=\"" + e + "\"");
    }
    worker.execute(this::renderIfChanged);
  }

  @PreDestroy
  void close() {
    worker.shutdownNow();
  }

  /** The name of the newest complete guide file, if one was rendered yet. */
  public Optional<String> current() {
    return Optional.ofNullable(current);
  }

  /** The directory the files are in. */
  public Path directory() {
    return dir;
  }

  @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
  void check() {
    if (!rendering.get()) {
      worker.execute(this::renderIfChanged);
    }
  }

  private void renderIfChanged() {
    if (!rendering.compareAndSet(false, true)) {
      return;
    }
    try {
      List<String> revisions =
          redis.call(jedis -> jedis.mget(EpgKeys.REVISION, ChannelRepository.REVISION_KEY));
      String key = value(revisions.get(0)) + "-" + value(revisions.get(1));
      if (key.equals(renderedRevisions) && current != null) {
        return;
      }
      render(key);
    } catch (IOException | RuntimeException e) {
      LOG.warning(
          "epg render failed reason=\"" + e + "\" effect=the previous guide file is served");
    } finally {
      rendering.set(false);
    }
  }

  private void render(String revisions) throws IOException {
    long started = System.nanoTime();
    ChannelRepository.Snapshot channelList = channels.snapshot();
    GuideStore.Snapshot guides = store.snapshot();
    // Named after what was read, which may be newer than `revisions`: the next check renders again
    // only if something changed since.
    String read = guides.revision() + "-" + channelList.revision();
    String name = PREFIX + read + ".xml";
    GuideRenderer.Rendered[] counts = new GuideRenderer.Rendered[1];
    long bytes =
        PlainAndGzipFile.write(
            dir,
            name,
            out ->
                counts[0] =
                    renderer.write(
                        out, guides, channelList.channels(), clock.now().getEpochSecond()));
    String older = previous;
    previous = current;
    current = name;
    renderedRevisions = read;
    if (older != null && !older.equals(name) && !older.equals(previous)) {
      PlainAndGzipFile.delete(dir, older);
    }
    LOG.info(
        "epg guide rendered file="
            + name
            + " channels="
            + counts[0].channels()
            + " programmes="
            + counts[0].programmes()
            + " bytes="
            + bytes
            + " duration_ms="
            + (System.nanoTime() - started) / 1_000_000);
  }

  private static String value(String revision) {
    return revision == null ? "0" : revision;
  }
}
