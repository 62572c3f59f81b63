package io.iptvorigin.stream.hls;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A running channel's bit rate, from the sizes and durations of its current run's latest segments:
 * in copy mode the upstream's own (FFmpeg's progress report says N/A for HLS output).
 */
@ApplicationScoped
public class SegmentBitrate {
  /** Enough segments to smooth one long GOP, few enough to follow a change within a minute. */
  private static final int SEGMENTS = 3;

  @Inject HlsPaths paths;

  /** Bits per second over the run's last segments; empty before its first or when unreadable. */
  public OptionalDouble of(String channelId) {
    String text;
    try {
      text = Files.readString(paths.runPlaylist(channelId), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
    List<ChannelPlaylist.RunSegment> segments = ChannelPlaylist.runSegments(text);
    long bytes = 0;
    double seconds = 0;
    for (ChannelPlaylist.RunSegment segment :
        segments.subList(Math.max(0, segments.size() - SEGMENTS), segments.size())) {
      Path file = paths.dir().resolve(Path.of(segment.uri()).getFileName().toString());
      try {
        bytes += Files.size(file);
        seconds += segment.seconds();
      } catch (IOException | RuntimeException e) {
        // Deleted as the window slid: the others still tell the rate.
      }
    }
    return seconds > 0 ? OptionalDouble.of(bytes * 8 / seconds) : OptionalDouble.empty();
  }
}
