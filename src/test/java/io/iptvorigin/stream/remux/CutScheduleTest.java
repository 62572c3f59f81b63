package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CutScheduleTest {
  /** The segment lengths in seconds given keyframes every {@code gop} seconds for {@code span}. */
  private static List<Double> lengths(
      CutSchedule schedule, double gop, double span, boolean first) {
    List<Double> lengths = new ArrayList<>();
    schedule.begin(0, first);
    long start = 0;
    for (long pts = Timestamps.ticks(gop);
        pts <= Timestamps.ticks(span);
        pts += Timestamps.ticks(gop)) {
      if (schedule.due(pts)) {
        lengths.add(Timestamps.seconds(pts - start));
        schedule.cut();
        start = pts;
      }
    }
    return lengths;
  }

  @Test
  void aOneSecondGopIsCutAtTheTarget() {
    assertEquals(List.of(4.0, 4.0, 4.0), lengths(new CutSchedule(4, 1, 0), 1, 12, true));
  }

  @Test
  void theFirstSegmentsAreShort() {
    assertEquals(
        List.of(1.0, 4.0, 4.0), lengths(new CutSchedule(4, 1, 1), 1, 9, true), "one short");
    assertEquals(
        List.of(1.0, 1.0, 1.0, 4.0), lengths(new CutSchedule(4, 1, 3), 1, 7, true), "three");
  }

  @Test
  void aGopLongerThanTheFirstLengthMakesTheFirstSegmentOneGop() {
    assertEquals(List.of(2.0, 4.0, 4.0), lengths(new CutSchedule(4, 1, 1), 2, 10, true));
  }

  @Test
  void keyframesOffTheTargetAverageOutOnOneTimeline() {
    assertEquals(
        List.of(6.0, 3.0, 3.0, 6.0, 3.0, 3.0), lengths(new CutSchedule(4, 1, 0), 3, 24, true));
  }

  @Test
  void afterADiscontinuityThereAreNoShortSegments() {
    assertEquals(List.of(4.0, 4.0), lengths(new CutSchedule(4, 1, 6), 1, 8, false));
  }

  @Test
  void overdueCountsFromThePlannedEnd() {
    CutSchedule schedule = new CutSchedule(4, 1, 1);
    schedule.begin(1000, true);
    assertEquals(Timestamps.ticks(2), schedule.overdue(1000 + Timestamps.ticks(3), 1000));
  }

  @Test
  void aSegmentBehindThePlanIsOverdueOnlyFromItsOwnStart() {
    // A 4 s GOP against six 1 s short segments: the third segment starts at 8 s, planned end 3 s.
    CutSchedule schedule = new CutSchedule(4, 1, 6);
    schedule.begin(0, true);
    schedule.cut();
    schedule.cut();
    assertEquals(Timestamps.ticks(3), schedule.overdue(Timestamps.ticks(11), Timestamps.ticks(8)));
  }
}
