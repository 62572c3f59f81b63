package io.iptvorigin.stream.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * What one run's progress reports (FFmpeg's output media time, read every second) say about its
 * source: fine, stalled (the media time has not moved for the stall timeout: the upstream sends
 * nothing) or slow (its speed, media seconds per wall second over the last quarter of the slow
 * period, stayed below the minimum for the whole slow period: viewers would stall; a hiccup the
 * source recovers from is not slow). Pure and per run; the clock is passed in. Synchronized: the
 * health check observes while the metrics read {@link #recentSpeed}.
 */
final class RunProgress {
  enum Verdict {
    OK,
    STALLED,
    SLOW
  }

  private record Sample(Instant at, double media) {}

  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private Double lastMedia;
  private Instant lastAdvance;
  private double speed = Double.NaN;
  private Instant belowSince;
  private double belowSinceMedia;

  /**
   * Takes the latest report ({@code media}, empty before the first) and judges the source. Speed is
   * judged only when {@code judgeSpeed} (a playable run: a start's burst and probing are not real
   * time in either direction).
   */
  synchronized Verdict observe(
      Instant now,
      Optional<Double> media,
      Duration stallTimeout,
      Duration slowPeriod,
      double minSpeed,
      boolean judgeSpeed) {
    if (media.isPresent() && (lastMedia == null || media.get() > lastMedia + 0.0005)) {
      lastMedia = media.get();
      lastAdvance = now;
    }
    if (lastMedia == null) {
      return Verdict.OK; // no report yet: the start timeout watches this run
    }
    if (Duration.between(lastAdvance, now).compareTo(stallTimeout) >= 0) {
      return Verdict.STALLED;
    }
    samples.addLast(new Sample(now, lastMedia));
    Instant recent = now.minus(slowPeriod.dividedBy(4));
    // Keep one sample at or before the short window's start.
    while (samples.size() > 1) {
      Sample head = samples.removeFirst();
      if (samples.peekFirst().at().isAfter(recent)) {
        samples.addFirst(head);
        break;
      }
    }
    Sample first = samples.peekFirst();
    if (!judgeSpeed || first.at().isAfter(recent)) {
      belowSince = null;
      return Verdict.OK;
    }
    double shortTerm = speedSince(first, now);
    if (shortTerm >= minSpeed) {
      belowSince = null;
      return Verdict.OK;
    }
    if (belowSince == null) {
      belowSince = now;
      belowSinceMedia = lastMedia;
    }
    double slowFor = Duration.between(belowSince, now).toMillis() / 1000.0;
    speed = slowFor <= 0 ? shortTerm : (lastMedia - belowSinceMedia) / slowFor;
    return slowFor >= slowPeriod.toMillis() / 1000.0 ? Verdict.SLOW : Verdict.OK;
  }

  private double speedSince(Sample from, Instant now) {
    double wall = Duration.between(from.at(), now).toMillis() / 1000.0;
    return wall <= 0 ? Double.NaN : (lastMedia - from.media()) / wall;
  }

  /** Media seconds per second since the source fell below the minimum; NaN while it is not. */
  synchronized double speed() {
    return speed;
  }

  /**
   * Media seconds per wall second over the short window (a quarter of the slow period) up to the
   * latest report, whether or not speed is judged; NaN before the run has reported over half of it.
   */
  synchronized double recentSpeed(Duration slowPeriod) {
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    if (first == null
        || Duration.between(first.at(), last.at()).compareTo(slowPeriod.dividedBy(8)) < 0) {
      return Double.NaN;
    }
    double wall = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
    return (last.media() - first.media()) / wall;
  }

  /** Forgets the speed window (the run just became playable: judge it from now on). */
  synchronized void restartWindow() {
    samples.clear();
    belowSince = null;
  }
}
