package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.StreamMode;
import java.time.Duration;

/**
 * What to do when a channel's FFmpeg exited on its own: switch to transcoding, retry after a
 * backoff, give up, or stop because nobody watches. Pure: it is told the facts of the exit and
 * decides, so every rule is testable without processes, Redis or time.
 */
final class RestartPolicy {
  /** A run that played this long counts as healthy: its exit starts a fresh failure count. */
  static final Duration STABLE_RUN = Duration.ofSeconds(30);

  static final int MAX_BACKOFF_SECONDS = 30;

  private RestartPolicy() {}

  /** The facts of one exit, gathered by the supervisor. */
  record Exit(
      StreamMode mode,
      boolean wasPlayable,
      boolean startTimedOut,
      boolean copyRejected,
      boolean logSaysCopyImpossible,
      Duration ran,
      int failuresSoFar,
      int maxFailures,
      boolean watched) {}

  enum Action {
    SWITCH_TO_TRANSCODE,
    RETRY,
    GIVE_UP,
    STOP_UNWATCHED
  }

  /** The action, the channel's failure count after this exit, and the wait before a relaunch. */
  record Decision(Action action, int failures, long delaySeconds) {}

  static Decision decide(Exit exit) {
    int failures =
        exit.wasPlayable() && exit.ran().compareTo(STABLE_RUN) > 0 ? 1 : exit.failuresSoFar() + 1;
    // Giving up comes first: an upstream that keeps failing gets its cool-down even if watched.
    if (failures >= exit.maxFailures()) {
      return new Decision(Action.GIVE_UP, failures, 0);
    }
    if (!exit.watched()) {
      return new Decision(Action.STOP_UNWATCHED, failures, 0);
    }
    // Copy that never played is retried as transcoding at once: waiting would not fix the codecs.
    boolean copyCannotWork =
        exit.mode() == StreamMode.COPY
            && !exit.wasPlayable()
            && (exit.startTimedOut() || exit.copyRejected() || exit.logSaysCopyImpossible());
    if (copyCannotWork) {
      return new Decision(Action.SWITCH_TO_TRANSCODE, failures, 0);
    }
    return new Decision(
        Action.RETRY, failures, Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(5, failures - 1)));
  }
}
