package io.iptvorigin.stream.remux;

import io.iptvorigin.stream.StreamSettings;

/**
 * How {@link TsRemuxer} cuts segments and what it puts up with.
 *
 * @param segmentSeconds target segment length ({@code iptv.stream.segment-seconds})
 * @param firstSegmentSeconds target length of the first segments, for a quick start ({@code
 *     iptv.stream.first-segment-seconds})
 * @param shortSegments how many segments at the start are cut at {@code firstSegmentSeconds}
 * @param maxSegmentBytes the most a segment in flight may hold; a larger one fails the remux
 * @param maxKeyframeSeconds the longest run of video without a keyframe accepted (when checking the
 *     stream, after a discontinuity, past a segment's planned end)
 * @param maxJumpSeconds a forward jump of the video decode time larger than this is a discontinuity
 *     (a backward one always is)
 * @param checkBytes input read before giving up waiting for tables or a first keyframe
 * @param notTsBytes input read without a single packet before calling it no transport stream
 * @param maxUnsyncedBytes input read without a packet, once packets came, before giving up
 */
public record RemuxOptions(
    double segmentSeconds,
    double firstSegmentSeconds,
    int shortSegments,
    int maxSegmentBytes,
    double maxKeyframeSeconds,
    double maxJumpSeconds,
    long checkBytes,
    long notTsBytes,
    long maxUnsyncedBytes) {
  private static final int MIB = 1024 * 1024;

  public RemuxOptions {
    if (segmentSeconds <= 0 || firstSegmentSeconds <= 0 || shortSegments < 0) {
      throw new IllegalArgumentException("segment lengths must be positive");
    }
    if (maxSegmentBytes < 64 * TsPacket.SIZE || maxKeyframeSeconds <= 0 || maxJumpSeconds <= 0) {
      throw new IllegalArgumentException("limits too small to remux anything");
    }
  }

  /**
   * The segment lengths of this node's HLS settings with default limits. FFmpeg's {@code
   * -hls_init_time} shortens every segment of its first playlist, not only the first one, so {@code
   * shortSegments} is the playlist size: the native playlists start as FFmpeg's do.
   */
  public static RemuxOptions of(StreamSettings.HlsOptions hls) {
    return defaults(hls.segmentSeconds(), hls.firstSegmentSeconds(), hls.playlistSize());
  }

  /**
   * Default limits: 16 MiB per segment (32 s at 4 Mbit/s), keyframes at most 10 s apart (two GOPs
   * of 5 s), jumps over 3 s, 16 MiB to find tables and a keyframe, 64 KiB to find a packet, 1 MiB
   * of garbage mid-stream.
   */
  public static RemuxOptions defaults(
      double segmentSeconds, double firstSegmentSeconds, int shortSegments) {
    return new RemuxOptions(
        segmentSeconds,
        firstSegmentSeconds,
        shortSegments,
        16 * MIB,
        10,
        3,
        16L * MIB,
        64 * 1024,
        MIB);
  }
}
