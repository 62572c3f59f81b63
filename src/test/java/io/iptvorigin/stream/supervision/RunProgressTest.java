package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iptvorigin.stream.supervision.RunProgress.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunProgressTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final Duration STALL = Duration.ofSeconds(6);
  private static final Duration PERIOD = Duration.ofSeconds(20);

  private final RunProgress progress = new RunProgress();

  private Verdict at(int second, Double media, boolean playing) {
    return progress.observe(
        T0.plusSeconds(second), Optional.ofNullable(media), STALL, PERIOD, 0.95, playing);
  }

  @Test
  void noReportYetIsLeftToTheStartTimeout() {
    for (int s = 0; s < 30; s++) {
      assertEquals(Verdict.OK, at(s, null, false));
    }
  }

  @Test
  void mediaThatStopsAdvancingIsAStallAfterTheTimeout() {
    assertEquals(Verdict.OK, at(0, 1.0, true));
    assertEquals(Verdict.OK, at(1, 2.0, true));
    for (int s = 2; s < 7; s++) {
      assertEquals(Verdict.OK, at(s, 2.0, true), "second " + s);
    }
    assertEquals(Verdict.STALLED, at(7, 2.0, true));
  }

  @Test
  void realTimeIsFineAndBelowTheMinimumForAPeriodIsSlow() {
    for (int s = 0; s <= 40; s++) {
      assertEquals(Verdict.OK, at(s, (double) s, true), "real time, second " + s);
    }
    Verdict verdict = Verdict.OK;
    int s = 41;
    double media = 40;
    for (; s <= 80 && verdict == Verdict.OK; s++) {
      media += 0.8;
      verdict = at(s, media, true);
    }
    assertEquals(Verdict.SLOW, verdict);
    assertEquals(true, progress.speed() < 0.95, "speed " + progress.speed());
  }

  @Test
  void aHiccupTheSourceRecoveredFromIsNotSlow() {
    double media = 0;
    for (int s = 0; s <= 30; s++) {
      media += s >= 22 && s < 25 ? 0.4 : 1.0; // 1.8 s lost once, then real time again
      assertEquals(Verdict.OK, at(s, media, true), "second " + s);
    }
    for (int s = 31; s <= 60; s++) {
      media += 1.0;
      assertEquals(Verdict.OK, at(s, media, true), "second " + s);
    }
  }

  @Test
  void speedIsNotJudgedBeforeTheRunPlays() {
    for (int s = 0; s <= 40; s++) {
      assertEquals(Verdict.OK, at(s, s * 0.5, false));
    }
  }

  @Test
  void theRecentSpeedIsMeasuredWhetherOrNotSpeedIsJudged() {
    assertEquals(Double.NaN, progress.recentSpeed(PERIOD), "no report yet");
    at(0, 10.0, false);
    at(1, 11.0, false);
    assertEquals(Double.NaN, progress.recentSpeed(PERIOD), "one second is no window");
    for (int s = 2; s <= 12; s++) {
      at(s, 10.0 + s * 0.5, false); // from 11.0 at second 1 on: half real time
    }
    // The window is the last quarter of the period: seconds 7 to 12.
    assertEquals(0.5, progress.recentSpeed(PERIOD), 1e-9);
  }
}
