package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.supervision.RestartPolicy.Action;
import io.iptvorigin.stream.supervision.RestartPolicy.Decision;
import io.iptvorigin.stream.supervision.RestartPolicy.Exit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  /** A run of a channel with one source, started on demand, that played before. */
  private static Exit oneSource(
      StreamMode mode,
      boolean wasPlayable,
      boolean startTimedOut,
      boolean copyRejected,
      boolean logSaysCopyImpossible,
      Duration ran,
      int failuresSoFar,
      int maxFailures,
      boolean watched) {
    return new Exit(
        mode,
        wasPlayable,
        startTimedOut,
        copyRejected,
        logSaysCopyImpossible,
        ran,
        failuresSoFar,
        maxFailures,
        watched,
        1,
        0,
        true,
        false,
        false,
        false);
  }

  private static final Duration BRIEF = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofSeconds(31);

  /** A transcoding run that never played, with nothing special about its exit. */
  private static Exit transcodeExit(int failuresSoFar) {
    return oneSource(
        StreamMode.TRANSCODE, false, false, false, false, BRIEF, failuresSoFar, 5, true);
  }

  private static Exit copyExit(boolean timedOut, boolean rejected, boolean logSaysImpossible) {
    return oneSource(
        StreamMode.COPY, false, timedOut, rejected, logSaysImpossible, BRIEF, 0, 5, true);
  }

  @Test
  void retriesWithBackoffDoublingFromOneSecondUpToThirty() {
    long[] delays = new long[8];
    for (int soFar = 0; soFar < delays.length; soFar++) {
      Decision decision =
          RestartPolicy.decide(
              oneSource(StreamMode.TRANSCODE, false, false, false, false, BRIEF, soFar, 100, true));
      assertEquals(Action.RETRY, decision.action(), "action after " + soFar);
      assertEquals(soFar + 1, decision.failures(), "failures after " + soFar);
      delays[soFar] = decision.delaySeconds();
    }
    assertEquals("[1, 2, 4, 8, 16, 30, 30, 30]", java.util.Arrays.toString(delays));
  }

  @Test
  void givesUpWhenTheFailuresReachTheMaximum() {
    Decision decision = RestartPolicy.decide(transcodeExit(4));
    assertEquals(Action.GIVE_UP, decision.action());
    assertEquals(5, decision.failures());
  }

  @Test
  void givesUpEvenWhenNobodyWatches() {
    Exit exit = oneSource(StreamMode.TRANSCODE, false, false, false, false, BRIEF, 4, 5, false);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(exit).action());
  }

  @Test
  void givesUpBeforeSwitchingCopyToTranscode() {
    Exit exit = oneSource(StreamMode.COPY, false, true, false, false, BRIEF, 4, 5, true);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(exit).action());
  }

  @Test
  void stopsAnUnwatchedChannelInsteadOfRetrying() {
    Exit exit = oneSource(StreamMode.TRANSCODE, true, false, false, false, BRIEF, 1, 5, false);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(Action.STOP_UNWATCHED, decision.action());
    assertEquals(2, decision.failures());
  }

  @Test
  void stopsAnUnwatchedChannelInsteadOfSwitchingToTranscode() {
    Exit exit = oneSource(StreamMode.COPY, false, true, false, false, BRIEF, 0, 5, false);
    assertEquals(Action.STOP_UNWATCHED, RestartPolicy.decide(exit).action());
  }

  @Test
  void switchesCopyToTranscodeAtOnceWhenTheStartTimedOut() {
    Decision decision = RestartPolicy.decide(copyExit(true, false, false));
    assertEquals(Action.SWITCH_TO_TRANSCODE, decision.action());
    assertEquals(0, decision.delaySeconds());
    assertEquals(1, decision.failures());
  }

  @Test
  void switchesCopyToTranscodeWhenCopyWasRejected() {
    assertEquals(
        Action.SWITCH_TO_TRANSCODE, RestartPolicy.decide(copyExit(false, true, false)).action());
  }

  @Test
  void switchesCopyToTranscodeWhenTheLogSaysCopyIsImpossible() {
    assertEquals(
        Action.SWITCH_TO_TRANSCODE, RestartPolicy.decide(copyExit(false, false, true)).action());
  }

  @Test
  void retriesCopyThatFailedForAnotherReason() {
    Decision decision = RestartPolicy.decide(copyExit(false, false, false));
    assertEquals(Action.RETRY, decision.action());
    assertEquals(1, decision.delaySeconds());
  }

  @Test
  void retriesCopyThatHadPlayedInsteadOfSwitching() {
    Exit exit = oneSource(StreamMode.COPY, true, false, false, true, BRIEF, 0, 5, true);
    assertEquals(Action.RETRY, RestartPolicy.decide(exit).action());
  }

  @Test
  void neverSwitchesATranscodingRun() {
    Exit exit = oneSource(StreamMode.TRANSCODE, false, true, true, true, BRIEF, 0, 5, true);
    assertEquals(Action.RETRY, RestartPolicy.decide(exit).action());
  }

  @Test
  void aLongPlayableRunStartsAFreshFailureCount() {
    Exit exit = oneSource(StreamMode.TRANSCODE, true, false, false, false, LONG, 4, 5, true);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(Action.RETRY, decision.action());
    assertEquals(1, decision.failures());
    assertEquals(1, decision.delaySeconds());
  }

  @Test
  void aRunOfExactlyThirtySecondsIsNotYetStable() {
    Exit exit =
        oneSource(
            StreamMode.TRANSCODE, true, false, false, false, Duration.ofSeconds(30), 4, 5, true);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(exit).action());
  }

  @Test
  void aLongRunThatNeverPlayedKeepsItsFailureCount() {
    Exit exit = oneSource(StreamMode.TRANSCODE, false, false, false, false, LONG, 2, 5, true);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(3, decision.failures());
    assertEquals(4, decision.delaySeconds());
  }

  /** A run of a channel with {@code sources} sources, {@code tried} failed in this walk so far. */
  private static Exit walk(int sources, int tried, boolean everPlayable, int failuresSoFar) {
    return new Exit(
        StreamMode.COPY,
        false,
        false,
        false,
        false,
        BRIEF,
        failuresSoFar,
        5,
        true,
        sources,
        tried,
        everPlayable,
        false,
        false,
        false);
  }

  @Test
  void aFailedSourceHandsOverToTheNextAtOnceWithoutCountingAFailure() {
    Decision first = RestartPolicy.decide(walk(3, 0, true, 0));
    assertEquals(Action.NEXT_SOURCE, first.action());
    assertEquals(0, first.delaySeconds());
    assertEquals(1, first.tried());
    assertEquals(0, first.failures());
    Decision second = RestartPolicy.decide(walk(3, 1, true, 0));
    assertEquals(Action.NEXT_SOURCE, second.action());
    assertEquals(2, second.tried());
  }

  @Test
  void whenEverySourceFailedInARowTheWalkStartsOverAfterABackoff() {
    Decision decision = RestartPolicy.decide(walk(3, 2, true, 0));
    assertEquals(Action.RETRY, decision.action());
    assertEquals(1, decision.failures(), "one failed walk");
    assertEquals(0, decision.tried(), "a new walk");
    assertEquals(1, decision.delaySeconds());
  }

  @Test
  void aColdStartThatFailedOnEverySourceEndsInsteadOfRetrying() {
    assertEquals(Action.NEXT_SOURCE, RestartPolicy.decide(walk(2, 0, false, 0)).action());
    assertEquals(Action.END_COLD_START, RestartPolicy.decide(walk(2, 1, false, 0)).action());
    assertEquals(Action.END_COLD_START, RestartPolicy.decide(walk(1, 0, false, 0)).action());
  }

  @Test
  void aRunThatPlayedLongStartsANewWalk() {
    Exit exit =
        new Exit(
            StreamMode.COPY,
            true,
            false,
            false,
            false,
            LONG,
            3,
            5,
            true,
            2,
            1,
            true,
            false,
            false,
            false);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(Action.NEXT_SOURCE, decision.action(), "the walk before it is over");
    assertEquals(1, decision.tried());
    assertEquals(0, decision.failures());
  }

  @Test
  void alwaysOnNeverGivesUpNorStopsUnwatched() {
    Exit exit =
        new Exit(
            StreamMode.COPY,
            false,
            false,
            false,
            false,
            BRIEF,
            9,
            5,
            false,
            1,
            0,
            false,
            true,
            false,
            false);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(Action.RETRY, decision.action());
    assertEquals(30, decision.delaySeconds());
  }

  @Test
  void watchersOfTheSlateKeepTheChannelTryingPastTheMaximum() {
    Exit slate =
        new Exit(
            StreamMode.COPY,
            false,
            false,
            false,
            false,
            BRIEF,
            4,
            5,
            true,
            1,
            0,
            true,
            false,
            true,
            false);
    assertEquals(Action.RETRY, RestartPolicy.decide(slate).action());
    Exit noSlate =
        new Exit(
            StreamMode.COPY,
            false,
            false,
            false,
            false,
            BRIEF,
            4,
            5,
            true,
            1,
            0,
            true,
            false,
            false,
            false);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(noSlate).action());
  }

  @Test
  void nobodyWatchingMeansNoWalk() {
    Exit exit =
        new Exit(
            StreamMode.COPY,
            true,
            false,
            false,
            false,
            BRIEF,
            0,
            5,
            false,
            3,
            0,
            true,
            false,
            false,
            false);
    assertEquals(Action.STOP_UNWATCHED, RestartPolicy.decide(exit).action());
  }

  /** A native run of a channel with two sources, 2 failures so far, that ended as told. */
  private static Exit nativeExit(boolean wasPlayable, boolean watched, boolean cannotCarry) {
    return new Exit(
        StreamMode.NATIVE,
        wasPlayable,
        false,
        false,
        false,
        BRIEF,
        2,
        5,
        watched,
        2,
        1,
        true,
        false,
        false,
        cannotCarry);
  }

  @Test
  void whatTheNativeRemuxerCannotCarryGoesToFfmpegOnTheSameSourceAtOnceAsNoFailure() {
    Decision decision = RestartPolicy.decide(nativeExit(false, true, true));
    assertEquals(new Decision(Action.SWITCH_TO_FFMPEG, 2, 1, 0), decision);
  }

  @Test
  void anUnwatchedNativeRunThatCannotCarryItsStreamStops() {
    assertEquals(
        Action.STOP_UNWATCHED, RestartPolicy.decide(nativeExit(false, false, true)).action());
  }

  @Test
  void aNativeRunWhoseSourceFailedFailsOverLikeFfmpeg() {
    Decision decision = RestartPolicy.decide(nativeExit(true, true, false));
    Decision asFfmpeg =
        RestartPolicy.decide(
            new Exit(
                StreamMode.COPY,
                true,
                false,
                false,
                false,
                BRIEF,
                2,
                5,
                true,
                2,
                1,
                true,
                false,
                false,
                false));
    assertEquals(asFfmpeg, decision);
  }
}
