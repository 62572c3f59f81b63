package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;

/** Where {@link TsRemuxer} hands each finished segment. */
@FunctionalInterface
public interface SegmentSink {
  /**
   * One complete segment: PAT, PMT, then transport packets from a video keyframe on.
   *
   * <p>{@code data} (position to limit, read-only) is lent for the call only: the remuxer reuses
   * its memory for the next segment, so write it out or copy it before returning. Called on the
   * thread that pushed the bytes.
   *
   * @param durationSeconds from the segment's first video PTS to the next segment's (or, for the
   *     last segment before a discontinuity, to the end of its last frame)
   * @param discontinuity the segment starts a new timeline: new timestamps, maybe new streams, to
   *     be marked {@code #EXT-X-DISCONTINUITY}
   */
  void segment(ByteBuffer data, double durationSeconds, boolean discontinuity);
}
