package io.iptvorigin.stream.remux;

/**
 * Extends 33-bit timestamps into one 64-bit timeline, so durations can be subtracted across the
 * wrap at 2^33: each value is placed the short way from the one before ({@link Timestamps#delta}),
 * which also keeps reordered presentation times (B-frames) next to their decode times. Monotonic
 * when its input is, as decode times are.
 */
final class TimestampUnwrapper {
  private boolean started;
  private long lastRaw;
  private long last;

  long unwrap(long raw) {
    if (!started) {
      started = true;
      lastRaw = raw;
      last = raw;
      return raw;
    }
    last += Timestamps.delta(lastRaw, raw);
    lastRaw = raw;
    return last;
  }

  /** The next value starts a new timeline (after a discontinuity). */
  void reset() {
    started = false;
  }
}
