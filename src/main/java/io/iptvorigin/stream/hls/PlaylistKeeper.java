package io.iptvorigin.stream.hls;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>After a redeploy the playlist on disk is read back and continued. Segments of earlier runs are
 * deleted once they left the playlist (with the same two-segment delay FFmpeg keeps for its own).
 */
@ApplicationScoped
public class PlaylistKeeper {
  private static final Logger LOG = Logger.getLogger(PlaylistKeeper.class.getName());
  private static final int DELETE_DELAY = 2;

  @Inject HlsPaths paths;
  @Inject StreamSettings settings;
  @Inject Clock clock;

  private final Map<String, Kept> channels = new ConcurrentHashMap<>();

  private static final class Kept {
    String run;
    ChannelPlaylist playlist;
    String written;
    final ArrayDeque<String> retired = new ArrayDeque<>();
  }

  /**
   * Publishes run {@code runId} of the channel from now on, from what it has listed so far; files
   * of other runs that no playlist lists (a rejected attempt's) are deleted.
   */
  public void accept(String channelId, String runId) {
    Kept kept = channels.computeIfAbsent(channelId, id -> new Kept());
    synchronized (kept) {
      kept.run = runId;
      merge(channelId, kept);
      removeUnlisted(channelId, kept);
    }
  }

  /** Placeholder until the slate lands: no slate is shown. */
  public boolean startSlate(String channelId) {
    return false;
  }

  public boolean isSlating(String channelId) {
    return false;
  }

  /** The run playlist of the channel changed (on the watcher's thread: quick). */
  void runPlaylistChanged(String channelId) {
    Kept kept = channels.get(channelId);
    if (kept == null) {
      return;
    }
    synchronized (kept) {
      if (kept.run != null) {
        merge(channelId, kept);
      }
    }
  }

  private void merge(String channelId, Kept kept) {
    Path published = paths.playlist(channelId);
    int target = settings.hls().segmentSeconds();
    if (kept.playlist == null || kept.written != null && !Files.exists(published)) {
      // First use since deployment, or the channel was stopped (its files removed) since.
      long next = kept.playlist == null ? 0 : kept.playlist.nextSequence();
      kept.playlist = recover(published, Math.max(next, clock.now().getEpochSecond()), target);
      kept.written = null;
      kept.retired.clear();
    }
    String runText;
    try {
      runText = Files.readString(paths.runPlaylist(channelId));
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.fine("run playlist unreadable channel=" + channelId + " reason=\"" + e + "\"");
      return;
    }
    List<ChannelPlaylist.RunSegment> segments =
        ChannelPlaylist.runSegments(runText).stream()
            .filter(s -> ChannelPlaylist.runOf(s.uri()).equals(kept.run))
            .toList();
    List<ChannelPlaylist.Entry> gone =
        kept.playlist.append(kept.run, segments, settings.hls().playlistSize());
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
    for (ChannelPlaylist.Entry entry : gone) {
      // FFmpeg deletes the current run's own segments; earlier runs' are ours to delete.
      if (!entry.run().equals(kept.run)) {
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
