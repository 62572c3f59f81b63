package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;

/**
 * Where {@link TsRemuxer} hands its segments, as they grow: the bytes of the segment in flight in
 * order through {@link #write}, then {@link #end} when it is complete, or {@link #drop} when it
 * will not be. Every segment is PAT, PMT, then transport packets from a video keyframe on. Called
 * on the thread that pushed the bytes, one call at a time.
 */
public interface SegmentSink {
  /**
   * More bytes of the segment in flight; the first write after {@link #end} or {@link #drop} begins
   * the next segment. {@code data} (position to limit, read-only) is lent for the call only: the
   * remuxer reuses its memory, so write it out or copy it before returning.
   */
  void write(ByteBuffer data);

  /**
   * The segment in flight is complete.
   *
   * @param durationSeconds from the segment's first video PTS to the next segment's (or, for the
   *     last segment before a discontinuity, to the end of its last frame)
   * @param discontinuity the segment starts a new timeline: new timestamps, maybe new streams, to
   *     be marked {@code #EXT-X-DISCONTINUITY}
   */
  void end(double durationSeconds, boolean discontinuity);

  /** The segment in flight will not be completed: what was written of it is to be forgotten. */
  void drop();

  /** One whole segment at once. */
  default void segment(ByteBuffer data, double durationSeconds, boolean discontinuity) {
    write(data);
    end(durationSeconds, discontinuity);
  }
}
