package io.iptvorigin.stream.hls;

import io.iptvorigin.stream.StreamSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names in the HLS directory nginx serves: {@code stream_{id}.m3u8} (the channel playlist the
 * app keeps, {@link PlaylistKeeper}) and {@code stream_{id}_{run}_{sequence}.ts}, where {@code run}
 * is 8 hex characters; and below it, in {@code runs/}, which nginx never serves, the playlist of
 * the FFmpeg run now writing. The pattern is exact, so cleaning channel "4" never touches channel
 * "4_1"'s files. Immutable, hence {@code @Dependent}: every user gets its own copy of the same
 * directory.
 */
@Dependent
public final class HlsPaths {
  private final Path dir;

  @Inject
  HlsPaths(StreamSettings settings) {
    this(settings.hlsDir());
  }

  public HlsPaths(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path playlist(String channelId) {
    return dir.resolve(playlistName(channelId));
  }

  public static String playlistName(String channelId) {
    return "stream_" + channelId + ".m3u8";
  }

  /** Where the FFmpeg runs' own playlists are: not served, read by {@link PlaylistKeeper}. */
  public Path runsDir() {
    return dir.resolve("runs");
  }

  /** The playlist the channel's current FFmpeg run writes. */
  public Path runPlaylist(String channelId) {
    return runsDir().resolve(playlistName(channelId));
  }

  /** Removes the last run's playlist, so a new run's first segment is told from the old ones. */
  public void removeRunPlaylist(String channelId) {
    try {
      Files.deleteIfExists(runPlaylist(channelId));
      Files.deleteIfExists(runsDir().resolve(playlistName(channelId) + ".tmp"));
    } catch (IOException e) {
      // The new run overwrites it.
    }
  }

  public Path segmentPattern(String channelId, String runId) {
    return dir.resolve("stream_" + channelId + "_" + runId + "_%d.ts");
  }

  /** Whether {@code fileName} is one of this channel's HLS files (any run, temp files included). */
  static boolean belongsTo(String channelId, String fileName) {
    Pattern own =
        Pattern.compile(
            "stream_" + Pattern.quote(channelId) + "(\\.m3u8|_[0-9a-f]{8}_[0-9]+\\.ts)(\\.tmp)?");
    return own.matcher(fileName).matches();
  }

  private static final Pattern CHANNEL_FILE =
      Pattern.compile("stream_([A-Za-z0-9_-]{1,64}?)(\\.m3u8|_[0-9a-f]{8}_[0-9]+\\.ts)(\\.tmp)?");

  /** The channel a file of the HLS directory belongs to, if it is a channel's. */
  static Optional<String> channelOf(String fileName) {
    Matcher m = CHANNEL_FILE.matcher(fileName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The channels with a playlist or segment in the HLS directory (or a run playlist). */
  public Set<String> channelsOnDisk() {
    Set<String> ids = new TreeSet<>();
    for (Path d : List.of(dir, runsDir())) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(d, "stream_*")) {
        for (Path file : files) {
          channelOf(file.getFileName().toString()).ifPresent(ids::add);
        }
      } catch (IOException e) {
        // No such directory yet: nothing there.
      }
    }
    return ids;
  }

  /**
   * Before a run: a fresh start removes every file of the channel (nothing of an earlier one is
   * served); a restart only the last run's playlist, as the channel playlist goes on ({@link
   * PlaylistKeeper}) with one discontinuity.
   */
  public void prepareRun(String channelId, boolean fresh) {
    if (fresh) {
      removeAll(channelId);
    } else {
      removeRunPlaylist(channelId);
    }
  }

  /** Removes every file of the channel; returns how many. */
  public int removeAll(String channelId) {
    removeRunPlaylist(channelId);
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "stream_" + channelId + "*")) {
      for (Path file : files) {
        if (belongsTo(channelId, file.getFileName().toString()) && Files.deleteIfExists(file)) {
          removed++;
        }
      }
    } catch (IOException e) {
      // A missing directory has nothing to clean; anything else leaves files the next start
      // replaces.
    }
    return removed;
  }

  /**
   * Removes the channel's playlists now and returns its segments, for the caller to remove later: a
   * channel handed to another node goes on there, and the viewers it had here still fetch the
   * segments their last playlist listed.
   */
  public List<Path> removePlaylistsKeepingSegments(String channelId) {
    removeRunPlaylist(channelId);
    List<Path> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "stream_" + channelId + "*")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!belongsTo(channelId, name)) {
          continue;
        }
        if (name.endsWith(".ts")) {
          segments.add(file);
        } else {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      // As in removeAll: the next start replaces what is left.
    }
    return segments;
  }

  /** True once the current FFmpeg run has written a playlist that lists at least one segment. */
  public boolean runIsPlayable(String channelId) {
    try {
      return Files.readString(runPlaylist(channelId)).contains("#EXTINF");
    } catch (IOException e) {
      return false;
    }
  }
}
