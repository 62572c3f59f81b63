package io.iptvorigin.stream.hls;

import io.iptvorigin.common.Clock;
import io.iptvorigin.common.DaemonThreads;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.slate.SlateCopies;
import io.iptvorigin.stream.slate.SlateLibrary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps each channel's public playlist ({@code stream_{id}.m3u8}, what players and nginx read) from
 * the playlists of its FFmpeg runs ({@code runs/}): every time the accepted run's playlist changes
 * (the watcher tells), its new segments are appended to the channel's {@link ChannelPlaylist} and
 * the playlist is renamed into place. A restart, a source switch or a copy-to-transcode change is
 * then one discontinuity in a playlist that goes on, not a playlist that vanishes and starts over.
 * Only a run the supervisor accepted ({@link #accept}) is published, so the output of a copy
 * attempt found unplayable never reaches a player.
 *
 * <p>While a channel has no working source the supervisor may put it on the slate ({@link
 * #startSlate}): the playlist then goes on with a "Channel unavailable" segment of the channel's
 * codec profile ({@link SlateLibrary}) every slate length of wall-clock time, as one more run with
 * its own discontinuity, so players already watching keep playing instead of giving up.
 *
 * <p>After a redeploy the playlist on disk is read back and continued. Segments of earlier runs
 * (and of the slate) are deleted once they left the playlist (with the same two-segment delay
 * FFmpeg keeps for its own).
 */
@ApplicationScoped
public class PlaylistKeeper {
  private static final Logger LOG = Logger.getLogger(PlaylistKeeper.class.getName());
  private static final int DELETE_DELAY = 2;
  private static final int RUNS_REMEMBERED = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What FFmpeg writes ({@code 2026-12-02T07:55:01.806+0000}); the slate's dates match it. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

  @Inject HlsPaths paths;
  @Inject StreamSettings settings;
  @Inject Clock clock;
  @Inject SlateLibrary slates;

  private final Map<String, Kept> channels = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  private static final class Kept {
    String run;
    ChannelPlaylist playlist;
    String written;
    final ArrayDeque<String> retired = new ArrayDeque<>();

    /** The last segment number appended per run, so a run taken back never repeats its past. */
    final Map<String, Long> lastNumber =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > RUNS_REMEMBERED;
          }
        };

    Slating slating;
  }

  /** One slate period of a channel: a run of its own, its copies once the slate is ready. */
  private static final class Slating {
    final String run;
    SlateCopies copies;
    double seconds;
    Instant start;
    ScheduledFuture<?> task;

    Slating(String run) {
      this.run = run;
    }
  }

  @PostConstruct
  void init() {
    timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("iptv-slate-timer"));
  }

  @PreDestroy
  void close() {
    // The next deployment's supervisor decides again whether a channel is on the slate.
    timer.shutdownNow();
  }

  /**
   * Publishes run {@code runId} of the channel from now on, from what it has listed so far; files
   * of other runs that no playlist lists (a rejected attempt's) are deleted. Ends the slate.
   */
  public void accept(String channelId, String runId) {
    Kept kept = channels.computeIfAbsent(channelId, id -> new Kept());
    synchronized (kept) {
      endSlate(channelId, kept, "accept");
      kept.run = runId;
      merge(channelId, kept);
      removeUnlisted(channelId, kept);
    }
  }

  /**
   * Puts the channel on the slate: from now on, until the next {@link #accept} or {@link
   * #stopSlate}, its playlist goes on with one slate segment per slate length (a little under
   * {@code iptv.stream.segment-seconds}), the first one marked {@code #EXT-X-DISCONTINUITY}. The
   * slate has the profile of the channel's latest segment; it is looked up, or made (the first time
   * for a profile, up to ~20 s), on other threads, so this returns at once and the first slate
   * segment follows when the slate is ready.
   *
   * <p>{@code enabled} is the channel's slate setting ({@code Channel.resilience().slate()}): when
   * false nothing is started, and a slate running already is stopped.
   *
   * @return true if the channel is on the slate now (or was already); false if the slate is off for
   *     it or the channel has no playlist players could be watching (a cold start: they get the
   *     503). Should no slate be available at all, a warning is logged and {@link #isSlating} turns
   *     false again.
   */
  public boolean startSlate(String channelId, boolean enabled) {
    if (!enabled) {
      stopSlate(channelId);
      return false;
    }
    Kept kept = channels.computeIfAbsent(channelId, id -> new Kept());
    Slating slating;
    Path latest;
    synchronized (kept) {
      if (kept.slating != null) {
        return true;
      }
      if (!Files.exists(paths.playlist(channelId))) {
        return false;
      }
      loadPlaylist(channelId, kept);
      List<ChannelPlaylist.Entry> entries = kept.playlist.entries();
      if (entries.isEmpty()) {
        return false;
      }
      latest = paths.dir().resolve(entries.get(entries.size() - 1).uri());
      slating = new Slating(newRun(kept));
      kept.slating = slating;
    }
    LOG.info("slate start channel=" + channelId + " run=" + slating.run);
    slates
        .forSegment(latest)
        .whenComplete((slate, failure) -> begin(channelId, kept, slating, slate, failure));
    return true;
  }

  /**
   * Ends the channel's slate, if it is on one; the playlist is the accepted run's again (it goes on
   * when that run lists new segments). Call it before removing the channel's files.
   */
  public void stopSlate(String channelId) {
    Kept kept = channels.get(channelId);
    if (kept != null) {
      synchronized (kept) {
        endSlate(channelId, kept, "stop");
      }
    }
  }

  /** Whether the channel's playlist goes on with the slate (or will once the slate is ready). */
  public boolean isSlating(String channelId) {
    Kept kept = channels.get(channelId);
    if (kept == null) {
      return false;
    }
    synchronized (kept) {
      return kept.slating != null;
    }
  }

  /** The run playlist of the channel changed (on the watcher's thread: quick). */
  void runPlaylistChanged(String channelId) {
    Kept kept = channels.get(channelId);
    if (kept == null) {
      return;
    }
    synchronized (kept) {
      // On the slate the playlist is the slate's: a stalled run that wakes up waits for accept.
      if (kept.run != null && kept.slating == null) {
        merge(channelId, kept);
      }
    }
  }

  private void begin(
      String channelId, Kept kept, Slating slating, SlateCopies copies, Throwable failure) {
    synchronized (kept) {
      if (kept.slating != slating) {
        return;
      }
      if (failure != null) {
        kept.slating = null;
        LOG.warning(
            "slate stop channel="
                + channelId
                + " reason=\"no slate: "
                + failure.getMessage()
                + "\"");
        return;
      }
      slating.copies = copies;
      slating.seconds = copies.slate().seconds();
      slating.start = firstSlateDate(kept.playlist);
      long period = Math.round(slating.seconds * 1_000_000);
      try {
        slating.task =
            timer.scheduleAtFixedRate(
                () -> appendSlateOrStop(channelId, kept, slating),
                0,
                period,
                TimeUnit.MICROSECONDS);
      } catch (RejectedExecutionException e) {
        kept.slating = null; // the deployment is going away
      }
    }
  }

  /** A periodic task that throws is never run again: the slate ends visibly instead. */
  private void appendSlateOrStop(String channelId, Kept kept, Slating slating) {
    try {
      appendSlate(channelId, kept, slating);
    } catch (RuntimeException e) {
      synchronized (kept) {
        if (kept.slating == slating) {
          endSlate(channelId, kept, "\"" + e + "\"");
        }
      }
    }
  }

  private void appendSlate(String channelId, Kept kept, Slating slating) {
    synchronized (kept) {
      if (kept.slating != slating) {
        return;
      }
      if (!Files.exists(paths.playlist(channelId))) {
        // The channel was stopped and its files removed: nobody is watching a playlist any more.
        endSlate(channelId, kept, "removed");
        return;
      }
      long copy = slating.copies.count();
      byte[] segment = slating.copies.next();
      String name =
          "stream_" + channelId + "_" + slating.run + "_" + kept.playlist.nextSequence() + ".ts";
      Path file = paths.dir().resolve(name);
      try {
        Path temp = file.resolveSibling(name + ".tmp");
        Files.write(temp, segment);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        LOG.warning("slate segment not written channel=" + channelId + " reason=\"" + e + "\"");
        return;
      }
      Instant date = slating.start.plusNanos(Math.round(copy * slating.seconds * 1e9));
      List<ChannelPlaylist.Entry> gone =
          kept.playlist.append(
              slating.run,
              List.of(new ChannelPlaylist.RunSegment(name, slating.seconds, format(date))),
              settings.hls().playlistSize());
      publish(channelId, kept, gone);
    }
  }

  private void endSlate(String channelId, Kept kept, String reason) {
    Slating slating = kept.slating;
    if (slating == null) {
      return;
    }
    kept.slating = null;
    if (slating.task != null) {
      slating.task.cancel(false);
    }
    LOG.info(
        String.format(
            "slate stop channel=%s reason=%s run=%s segments=%d",
            channelId, reason, slating.run, slating.copies == null ? 0 : slating.copies.count()));
  }

  /** A run id no segment of the channel has had here. */
  private static String newRun(Kept kept) {
    Set<String> taken = new HashSet<>(kept.lastNumber.keySet());
    kept.playlist.entries().forEach(e -> taken.add(e.run()));
    if (kept.run != null) {
      taken.add(kept.run);
    }
    String run;
    do {
      run = HexFormat.of().toHexDigits(RANDOM.nextInt());
    } while (taken.contains(run));
    return run;
  }

  /** Wall-clock time, but never before the end of the last listed segment. */
  private Instant firstSlateDate(ChannelPlaylist playlist) {
    Instant now = clock.now();
    List<ChannelPlaylist.Entry> entries = playlist.entries();
    ChannelPlaylist.Entry last = entries.get(entries.size() - 1);
    if (last.programDateTime() == null) {
      return now;
    }
    try {
      Instant end =
          OffsetDateTime.parse(last.programDateTime(), DATE)
              .toInstant()
              .plusNanos(Math.round(last.seconds() * 1e9));
      return end.isAfter(now) ? end : now;
    } catch (DateTimeParseException e) {
      return now;
    }
  }

  private static String format(Instant date) {
    return DATE.format(date.atOffset(ZoneOffset.UTC));
  }

  /** The channel's playlist in memory: first use since deployment, or after its files went. */
  private void loadPlaylist(String channelId, Kept kept) {
    Path published = paths.playlist(channelId);
    if (kept.playlist == null || kept.written != null && !Files.exists(published)) {
      long next = kept.playlist == null ? 0 : kept.playlist.nextSequence();
      kept.playlist =
          recover(
              published,
              Math.max(next, clock.now().getEpochSecond()),
              settings.hls().segmentSeconds());
      kept.written = null;
      kept.retired.clear();
    }
  }

  private void merge(String channelId, Kept kept) {
    loadPlaylist(channelId, kept);
    String runText;
    try {
      runText = Files.readString(paths.runPlaylist(channelId));
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.fine("run playlist unreadable channel=" + channelId + " reason=\"" + e + "\"");
      return;
    }
    long appended = kept.lastNumber.getOrDefault(kept.run, -1L);
    List<ChannelPlaylist.RunSegment> segments =
        ChannelPlaylist.runSegments(runText).stream()
            .filter(s -> ChannelPlaylist.runOf(s.uri()).equals(kept.run))
            .filter(s -> ChannelPlaylist.numberOf(s.uri()) > appended)
            .toList();
    if (!segments.isEmpty()) {
      kept.lastNumber.put(
          kept.run, ChannelPlaylist.numberOf(segments.get(segments.size() - 1).uri()));
    }
    List<ChannelPlaylist.Entry> gone =
        kept.playlist.append(kept.run, segments, settings.hls().playlistSize());
    publish(channelId, kept, gone);
  }

  /** Renames the playlist into place, then deletes what is ours to delete of what left it. */
  private void publish(String channelId, Kept kept, List<ChannelPlaylist.Entry> gone) {
    Path published = paths.playlist(channelId);
    String text = kept.playlist.render();
    if (kept.playlist.entries().isEmpty() || text.equals(kept.written)) {
      return;
    }
    try {
      Path temp = published.resolveSibling(published.getFileName() + ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, published, StandardCopyOption.ATOMIC_MOVE);
      kept.written = text;
    } catch (IOException e) {
      LOG.warning("channel playlist not written channel=" + channelId + " reason=\"" + e + "\"");
      return;
    }
    // FFmpeg deletes the current run's own segments; earlier runs' and the slate's are ours.
    String ffmpegs = kept.slating == null ? kept.run : null;
    for (ChannelPlaylist.Entry entry : gone) {
      if (!entry.run().equals(ffmpegs)) {
        kept.retired.add(entry.uri());
      }
    }
    while (kept.retired.size() > DELETE_DELAY) {
      delete(kept.retired.poll());
    }
  }

  private static ChannelPlaylist recover(Path published, long firstSequence, int target) {
    try {
      ChannelPlaylist onDisk = ChannelPlaylist.parse(Files.readString(published), target);
      if (!onDisk.entries().isEmpty()) {
        return onDisk;
      }
    } catch (IOException e) {
      // None yet: a fresh one.
    }
    return ChannelPlaylist.empty(firstSequence, target);
  }

  private void removeUnlisted(String channelId, Kept kept) {
    Set<String> keep = new HashSet<>(kept.retired);
    kept.playlist.entries().forEach(e -> keep.add(e.uri()));
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(paths.dir(), "stream_" + channelId + "_*.ts")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (HlsPaths.belongsTo(channelId, name)
            && !keep.contains(name)
            && !ChannelPlaylist.runOf(name).equals(kept.run)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.fine("unlisted segments not removed channel=" + channelId + " reason=\"" + e + "\"");
    }
  }

  private void delete(String segment) {
    try {
      Files.deleteIfExists(paths.dir().resolve(segment));
    } catch (IOException e) {
      LOG.fine("segment not deleted name=" + segment + " reason=\"" + e + "\"");
    }
  }
}
