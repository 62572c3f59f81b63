package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.supervision.RestartPolicy.Action;
import io.iptvorigin.stream.supervision.RestartPolicy.Decision;
import io.iptvorigin.stream.supervision.RestartPolicy.Exit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private static final Duration BRIEF = Duration.ofSeconds(3);
  private static final Duration LONG = Duration.ofSeconds(31);

  /** A transcoding run that never played, with nothing special about its exit. */
  private static Exit transcodeExit(int failuresSoFar) {
    return new Exit(
        StreamMode.TRANSCODE, false, false, false, false, BRIEF, failuresSoFar, 5, true);
  }

  private static Exit copyExit(boolean timedOut, boolean rejected, boolean logSaysImpossible) {
    return new Exit(
        StreamMode.COPY, false, timedOut, rejected, logSaysImpossible, BRIEF, 0, 5, true);
  }

  @Test
  void retriesWithBackoffDoublingFromOneSecondUpToThirty() {
    long[] delays = new long[8];
    for (int soFar = 0; soFar < delays.length; soFar++) {
      Decision decision =
          RestartPolicy.decide(
              new Exit(StreamMode.TRANSCODE, false, false, false, false, BRIEF, soFar, 100, true));
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
    Exit exit = new Exit(StreamMode.TRANSCODE, false, false, false, false, BRIEF, 4, 5, false);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(exit).action());
  }

  @Test
  void givesUpBeforeSwitchingCopyToTranscode() {
    Exit exit = new Exit(StreamMode.COPY, false, true, false, false, BRIEF, 4, 5, true);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(exit).action());
  }

  @Test
  void stopsAnUnwatchedChannelInsteadOfRetrying() {
    Exit exit = new Exit(StreamMode.TRANSCODE, true, false, false, false, BRIEF, 1, 5, false);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(Action.STOP_UNWATCHED, decision.action());
    assertEquals(2, decision.failures());
  }

  @Test
  void stopsAnUnwatchedChannelInsteadOfSwitchingToTranscode() {
    Exit exit = new Exit(StreamMode.COPY, false, true, false, false, BRIEF, 0, 5, false);
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
    Exit exit = new Exit(StreamMode.COPY, true, false, false, true, BRIEF, 0, 5, true);
    assertEquals(Action.RETRY, RestartPolicy.decide(exit).action());
  }

  @Test
  void neverSwitchesATranscodingRun() {
    Exit exit = new Exit(StreamMode.TRANSCODE, false, true, true, true, BRIEF, 0, 5, true);
    assertEquals(Action.RETRY, RestartPolicy.decide(exit).action());
  }

  @Test
  void aLongPlayableRunStartsAFreshFailureCount() {
    Exit exit = new Exit(StreamMode.TRANSCODE, true, false, false, false, LONG, 4, 5, true);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(Action.RETRY, decision.action());
    assertEquals(1, decision.failures());
    assertEquals(1, decision.delaySeconds());
  }

  @Test
  void aRunOfExactlyThirtySecondsIsNotYetStable() {
    Exit exit =
        new Exit(
            StreamMode.TRANSCODE, true, false, false, false, Duration.ofSeconds(30), 4, 5, true);
    assertEquals(Action.GIVE_UP, RestartPolicy.decide(exit).action());
  }

  @Test
  void aLongRunThatNeverPlayedKeepsItsFailureCount() {
    Exit exit = new Exit(StreamMode.TRANSCODE, false, false, false, false, LONG, 2, 5, true);
    Decision decision = RestartPolicy.decide(exit);
    assertEquals(3, decision.failures());
    assertEquals(4, decision.delaySeconds());
  }
}
