package io.iptvorigin.stream.supervision;

import io.iptvorigin.stream.StreamMode;
import java.time.Duration;

/**
 * What to do when a channel's FFmpeg ended on its own (or was ended for stalling or being slow):
 * switch to transcoding, switch to the channel's next source, start the list over after a backoff,
 * give up, or stop. Pure: it is told the facts of the exit and decides, so every rule is testable
 * without processes, Redis or time.
 *
 * <p>A failure walks the sources once: each source that fails hands over to the next at once; only
 * when every source has failed in a row (a failed walk) does the channel wait, with a backoff that
 * doubles per failed walk, and then start over from the first source. A source is never retried in
 * a tight loop. A run that played for {@link #STABLE_RUN} ends a failure episode: its exit starts a
 * new walk and a fresh failure count.
 */
final class RestartPolicy {
  static final Duration STABLE_RUN = Duration.ofSeconds(30);

  static final int MAX_BACKOFF_SECONDS = 30;

  private RestartPolicy() {}

  /**
   * The facts of one exit, gathered by the supervisor. {@code slateOn}: the viewers have a playlist
   * the slate keeps going while no source works. {@code nativeCannotCarry}: a native run found what
   * the native remuxer does not take, and the channel lets FFmpeg copy take over.
   */
  record Exit(
      StreamMode mode,
      boolean wasPlayable,
      boolean startTimedOut,
      boolean copyRejected,
      boolean logSaysCopyImpossible,
      Duration ran,
      int failuresSoFar,
      int maxFailures,
      boolean watched,
      int sources,
      int triedSoFar,
      boolean everPlayable,
      boolean alwaysOn,
      boolean slateOn,
      boolean nativeCannotCarry) {}

  enum Action {
    SWITCH_TO_TRANSCODE,
    SWITCH_TO_FFMPEG,
    NEXT_SOURCE,
    RETRY,
    GIVE_UP,
    STOP_UNWATCHED,
    END_COLD_START
  }

  /**
   * The action; the channel's failed walks and the sources failed in the current walk after this
   * exit; the wait before the next run.
   */
  record Decision(Action action, int failures, int tried, long delaySeconds) {}

  static Decision decide(Exit exit) {
    boolean fresh = exit.wasPlayable() && exit.ran().compareTo(STABLE_RUN) > 0;
    int failuresSoFar = fresh ? 0 : exit.failuresSoFar();
    int tried = (fresh ? 0 : exit.triedSoFar()) + 1;
    // Copy that never played is retried as transcoding on the same source at once: another source
    // would not fix what the codecs are, and waiting would not either.
    boolean copyCannotWork =
        exit.mode() == StreamMode.COPY
            && !exit.wasPlayable()
            && (exit.startTimedOut() || exit.copyRejected() || exit.logSaysCopyImpossible());
    boolean unwatched = !exit.watched() && !exit.alwaysOn();
    // What the native remuxer cannot carry (not TS, scrambled, no keyframe...) FFmpeg copy takes
    // on the same source at once: the source works, so it is no failure and no source switch.
    if (exit.mode() == StreamMode.NATIVE && exit.nativeCannotCarry()) {
      return unwatched
          ? new Decision(Action.STOP_UNWATCHED, failuresSoFar, 0, 0)
          : new Decision(Action.SWITCH_TO_FFMPEG, failuresSoFar, tried - 1, 0);
    }
    if (copyCannotWork) {
      int failures = failuresSoFar + 1;
      if (failures >= exit.maxFailures() && !exit.alwaysOn()) {
        return new Decision(Action.GIVE_UP, failures, tried - 1, 0);
      }
      if (unwatched) {
        return new Decision(Action.STOP_UNWATCHED, failures, 0, 0);
      }
      return new Decision(Action.SWITCH_TO_TRANSCODE, failures, tried - 1, 0);
    }
    if (unwatched) {
      // Giving up comes first: an upstream that keeps failing gets its cool-down either way.
      int failures = failuresSoFar + 1;
      Action action = failures >= exit.maxFailures() ? Action.GIVE_UP : Action.STOP_UNWATCHED;
      return new Decision(action, failures, 0, 0);
    }
    if (tried < exit.sources()) {
      return new Decision(Action.NEXT_SOURCE, failuresSoFar, tried, 0);
    }
    int failures = failuresSoFar + 1;
    if (exit.alwaysOn()) {
      return new Decision(Action.RETRY, failures, 0, backoff(failures));
    }
    // Nobody has a playlist yet: the waiting viewers get their 503 and nothing keeps retrying.
    if (!exit.everPlayable()) {
      return new Decision(Action.END_COLD_START, failures, 0, backoff(failures));
    }
    // Viewers watching the slate keep the channel trying; anyone else's upstream gets a rest.
    boolean heldBySlate = exit.slateOn() && exit.watched();
    if (failures >= exit.maxFailures() && !heldBySlate) {
      return new Decision(Action.GIVE_UP, failures, 0, 0);
    }
    return new Decision(Action.RETRY, failures, 0, backoff(failures));
  }

  /** 1, 2, 4, ... seconds, at most {@link #MAX_BACKOFF_SECONDS}. */
  static long backoff(int failures) {
    return Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(5, Math.max(0, failures - 1)));
  }
}
