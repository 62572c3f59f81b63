package io.iptvorigin.stream.remux;

/**
 * Where segments end, the way FFmpeg's HLS muxer places them ({@code -hls_time}, {@code
 * -hls_init_time}): segment {@code n} ends at the first keyframe at or after a planned end on one
 * timeline from the first segment's start, {@code shortSegments} planned ends {@code
 * firstSegmentSeconds} apart and then one every {@code segmentSeconds}. Planning on one timeline,
 * not from each cut, keeps the average length on target when keyframes do not fall on it: with a 3
 * s GOP and 4 s target, 6, 3, 3 s rather than 6, 6, 6 s. After a discontinuity the plan starts
 * again, without short segments (players are already watching).
 */
final class CutSchedule {
  private final long segmentTicks;
  private final long firstTicks;
  private final int shortSegments;
  private long base;
  private int shortLeft;
  private int cuts;

  CutSchedule(double segmentSeconds, double firstSegmentSeconds, int shortSegments) {
    this.segmentTicks = Timestamps.ticks(segmentSeconds);
    this.firstTicks = Timestamps.ticks(firstSegmentSeconds);
    this.shortSegments = shortSegments;
  }

  /** The first segment begins at {@code start} (unwrapped 90 kHz). */
  void begin(long start, boolean withShortSegments) {
    base = start;
    cuts = 0;
    shortLeft = withShortSegments ? shortSegments : 0;
  }

  /** Whether a keyframe at {@code pts} ends the segment in flight. */
  boolean due(long pts) {
    return pts - base >= plannedEnd();
  }

  /** The segment in flight ended. */
  void cut() {
    cuts++;
  }

  /**
   * How far the segment in flight, begun at {@code segmentStart}, has run at {@code pts} past its
   * planned end, or past its own start when the plan is behind it: with a GOP longer than the short
   * segments (4 s against 1 s) each cut falls further behind the plan, and that is no sign of
   * keyframes missing.
   */
  long overdue(long pts, long segmentStart) {
    return pts - Math.max(base + plannedEnd(), segmentStart);
  }

  private long plannedEnd() {
    int n = cuts + 1;
    int shorts = Math.min(n, shortLeft);
    return shorts * firstTicks + (long) (n - shorts) * segmentTicks;
  }
}
