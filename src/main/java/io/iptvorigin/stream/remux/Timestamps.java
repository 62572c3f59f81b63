package io.iptvorigin.stream.remux;

/** Arithmetic on 33-bit PES timestamps (90 kHz), which wrap every 26.5 hours. */
final class Timestamps {
  static final long WRAP = 1L << 33;
  static final int TICKS_PER_SECOND = 90_000;

  private Timestamps() {}

  /**
   * How far {@code to} is after {@code from}, the short way round the 2^33 circle: negative when it
   * is before, so a wrap reads as the small step forward it is.
   */
  static long delta(long from, long to) {
    long d = Math.floorMod(to - from, WRAP);
    return d >= WRAP / 2 ? d - WRAP : d;
  }

  static long ticks(double seconds) {
    return Math.round(seconds * TICKS_PER_SECOND);
  }

  static double seconds(long ticks) {
    return (double) ticks / TICKS_PER_SECOND;
  }
}
