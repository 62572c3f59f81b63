package io.iptvorigin.stream.hls;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One channel's public playlist as {@link PlaylistKeeper} keeps it: the accepted run, the playlist
 * in memory and as last written, and the files that left it. Not thread-safe: the keeper holds the
 * object's lock around every use.
 */
final class KeptPlaylist {
  private static final Logger LOG = Logger.getLogger(KeptPlaylist.class.getName());
  private static final int DELETE_DELAY = 2;
  private static final int RUNS_REMEMBERED = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String channelId;
  private final HlsPaths paths;
  private final StreamSettings settings;
  private final Clock clock;

  String run;
  ChannelPlaylist playlist;
  private String written;
  private final ArrayDeque<String> retired = new ArrayDeque<>();

  /** The last segment number appended per run, so a run taken back never repeats its past. */
  private final Map<String, Long> lastNumber =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > RUNS_REMEMBERED;
        }
      };

  /** The slate period the playlist is in; null while it follows the accepted run. */
  SlatePeriod slating;

  KeptPlaylist(String channelId, HlsPaths paths, StreamSettings settings, Clock clock) {
    this.channelId = channelId;
    this.paths = paths;
    this.settings = settings;
    this.clock = clock;
  }

  /** The playlist in memory: first use since deployment, or after its files went. */
  void load() {
    Path published = paths.playlist(channelId);
    if (playlist == null || written != null && !Files.exists(published)) {
      long next = playlist == null ? 0 : playlist.nextSequence();
      playlist =
          recover(
              published,
              Math.max(next, clock.now().getEpochSecond()),
              settings.hls().segmentSeconds());
      written = null;
      retired.clear();
    }
  }

  /** Appends the accepted run's new segments and publishes. */
  void merge() {
    load();
    String runText;
    try {
      runText = Files.readString(paths.runPlaylist(channelId));
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.fine("run playlist unreadable channel=" + channelId + " reason=\"" + e + "\"");
      return;
    }
    long appended = lastNumber.getOrDefault(run, -1L);
    List<ChannelPlaylist.RunSegment> segments =
        ChannelPlaylist.runSegments(runText).stream()
            .filter(s -> ChannelPlaylist.runOf(s.uri()).equals(run))
            .filter(s -> ChannelPlaylist.numberOf(s.uri()) > appended)
            .toList();
    if (!segments.isEmpty()) {
      lastNumber.put(run, ChannelPlaylist.numberOf(segments.get(segments.size() - 1).uri()));
    }
    publish(playlist.append(run, segments, settings.hls().playlistSize()));
  }

  /** Writes one slate segment under a fresh name, lists it and publishes. */
  void appendSlate(SlatePeriod period, byte[] segment, String programDateTime) {
    String name = "stream_" + channelId + "_" + period.run + "_" + playlist.nextSequence() + ".ts";
    Path file = paths.dir().resolve(name);
    try {
      Path temp = file.resolveSibling(name + ".tmp");
      Files.write(temp, segment);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warning("slate segment not written channel=" + channelId + " reason=\"" + e + "\"");
      return;
    }
    publish(
        playlist.append(
            period.run,
            List.of(new ChannelPlaylist.RunSegment(name, period.seconds, programDateTime)),
            settings.hls().playlistSize()));
  }

  /** Renames the playlist into place, then deletes what is ours to delete of what left it. */
  private void publish(List<ChannelPlaylist.Entry> gone) {
    Path published = paths.playlist(channelId);
    String text = playlist.render();
    if (playlist.entries().isEmpty() || text.equals(written)) {
      return;
    }
    try {
      Path temp = published.resolveSibling(published.getFileName() + ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, published, StandardCopyOption.ATOMIC_MOVE);
      written = text;
    } catch (IOException e) {
      LOG.warning("channel playlist not written channel=" + channelId + " reason=\"" + e + "\"");
      return;
    }
    // FFmpeg deletes the current run's own segments; earlier runs' and the slate's are ours.
    String ffmpegs = slating == null ? run : null;
    for (ChannelPlaylist.Entry entry : gone) {
      if (!entry.run().equals(ffmpegs)) {
        retired.add(entry.uri());
      }
    }
    while (retired.size() > DELETE_DELAY) {
      delete(retired.poll());
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

  /** Deletes the channel's segments no playlist lists and the accepted run did not write. */
  void removeUnlisted() {
    Set<String> keep = new HashSet<>(retired);
    playlist.entries().forEach(e -> keep.add(e.uri()));
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(paths.dir(), "stream_" + channelId + "_*.ts")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (HlsPaths.belongsTo(channelId, name)
            && !keep.contains(name)
            && !ChannelPlaylist.runOf(name).equals(run)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.fine("unlisted segments not removed channel=" + channelId + " reason=\"" + e + "\"");
    }
  }

  /** A run id no segment of the channel has had here. */
  String newRun() {
    Set<String> taken = new HashSet<>(lastNumber.keySet());
    playlist.entries().forEach(e -> taken.add(e.run()));
    if (run != null) {
      taken.add(run);
    }
    String id;
    do {
      id = HexFormat.of().toHexDigits(RANDOM.nextInt());
    } while (taken.contains(id));
    return id;
  }

  private void delete(String segment) {
    try {
      Files.deleteIfExists(paths.dir().resolve(segment));
    } catch (IOException e) {
      LOG.fine("segment not deleted name=" + segment + " reason=\"" + e + "\"");
    }
  }
}
