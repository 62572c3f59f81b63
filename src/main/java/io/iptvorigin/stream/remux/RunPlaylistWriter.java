package io.iptvorigin.stream.remux;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.HlsPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Writes one native run of a channel to disk as FFmpeg's HLS muxer writes an FFmpeg run: segments
 * {@code stream_{id}_{run}_{n}.ts} in the HLS directory, numbered from the epoch second the run
 * began ({@code -hls_start_number_source epoch}), each written to {@code .tmp} as it grows and
 * renamed into place when complete, then the run's playlist in {@code runs/} rewritten the same way
 * (written whole, renamed), so the {@code PlaylistWatcher} and {@code PlaylistKeeper} take it as
 * they take FFmpeg's. Segments that left the window are deleted two segments later ({@code
 * delete_segments}, {@code -hls_delete_threshold 2}): a player that fetched the playlist just
 * before still finds them.
 *
 * <p>A write that fails throws {@link UncheckedIOException}, which fails the remux with {@code
 * OUTPUT_ERROR}. Not thread-safe: the remuxer calls it on one thread.
 */
public final class RunPlaylistWriter implements SegmentSink {
  private static final Logger LOG = Logger.getLogger(RunPlaylistWriter.class.getName());
  static final int DELETE_DELAY = 2;

  /** FFmpeg's {@code %Y-%m-%dT%H:%M:%S.mmm%z} in local time. */
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT);

  private final HlsPaths paths;
  private final String channelId;
  private final String runId;
  private final Clock clock;
  private final DateTimeFormatter dateTime;
  private final RunPlaylist playlist;
  private final ArrayDeque<String> retired = new ArrayDeque<>();
  private long next;
  private Instant segmentStart;
  // The segment in flight: its file while it grows, open from its first bytes to its end.
  private Path growing;
  private FileChannel out;

  public RunPlaylistWriter(
      HlsPaths paths,
      String channelId,
      String runId,
      StreamSettings.HlsOptions hls,
      Clock clock,
      ZoneId zone) {
    this.paths = paths;
    this.channelId = channelId;
    this.runId = runId;
    this.clock = clock;
    this.dateTime = DATE_TIME.withZone(zone);
    this.next = clock.now().getEpochSecond();
    this.playlist = new RunPlaylist(next, hls.playlistSize());
    try {
      Files.createDirectories(paths.runsDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + paths.runsDir(), e);
    }
  }

  /** With this machine's time zone, as FFmpeg's local time. */
  public RunPlaylistWriter(
      HlsPaths paths, String channelId, String runId, StreamSettings.HlsOptions hls, Clock clock) {
    this(paths, channelId, runId, hls, clock, ZoneId.systemDefault());
  }

  @Override
  public void write(ByteBuffer data) {
    ByteBuffer bytes = data.duplicate();
    try {
      if (out == null) {
        growing = temporary(segmentFile());
        out =
            FileChannel.open(
                growing,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
      }
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      Path file = growing;
      drop();
      throw new UncheckedIOException("segment not written: " + file, e);
    }
  }

  @Override
  public void drop() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // Being thrown away: the file is deleted below, or with the channel's other files.
      }
      out = null;
    }
    if (growing != null) {
      delete(growing);
      growing = null;
    }
  }

  @Override
  public void end(double durationSeconds, boolean discontinuity) {
    Path file = segmentFile();
    String name = file.getFileName().toString();
    try {
      if (out == null) {
        write(ByteBuffer.allocate(0)); // an empty segment is still a file the playlist lists
      }
      out.close();
      out = null;
      Files.move(
          growing, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      growing = null;
    } catch (IOException e) {
      drop();
      throw new UncheckedIOException("segment not written: " + file, e);
    }
    next++;
    Instant start = startOf(durationSeconds, discontinuity);
    segmentStart = start.plusNanos(Math.round(durationSeconds * 1e9));
    for (String gone :
        playlist.add(
            new RunPlaylist.Entry(name, durationSeconds, dateTime.format(start), discontinuity))) {
      retired.addLast(gone);
    }
    Path runPlaylist = paths.runPlaylist(channelId);
    try {
      writeAtomically(
          runPlaylist, ByteBuffer.wrap(playlist.render().getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("run playlist not written: " + runPlaylist, e);
    }
    while (retired.size() > DELETE_DELAY) {
      delete(paths.dir().resolve(retired.removeFirst()));
    }
  }

  /**
   * The wall-clock time the segment began: its end (now, as the remuxer hands a segment over when
   * the next keyframe arrives) less its length for the first segment and after a discontinuity,
   * where the upstream may have paused; otherwise the end of the one before, as FFmpeg counts, so
   * the dates of a timeline are exactly its media time apart. Never before the end of the last one.
   */
  private Instant startOf(double durationSeconds, boolean discontinuity) {
    if (segmentStart != null && !discontinuity) {
      return segmentStart;
    }
    Instant start = clock.now().minusNanos(Math.round(durationSeconds * 1e9));
    return segmentStart != null && start.isBefore(segmentStart) ? segmentStart : start;
  }

  private Path segmentFile() {
    return paths.dir().resolve("stream_" + channelId + "_" + runId + "_" + next + ".ts");
  }

  private static Path temporary(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  private static void writeAtomically(Path file, ByteBuffer data) throws IOException {
    Path temp = temporary(file);
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      while (data.hasRemaining()) {
        out.write(data);
      }
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left for the channel's next clean-up (HlsPaths.removeAll); the run goes on.
      LOG.fine("old segment not deleted file=" + file + " reason=\"" + e + "\"");
    }
  }

  /** The number the next segment gets in its name. */
  long nextNumber() {
    return next;
  }
}
