package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final long WRAP = 1L << 33;

  @Test
  void aStepAcrossTheWrapIsSmallAndForward() {
    assertEquals(3600, Timestamps.delta(WRAP - 1800, 1800));
    assertEquals(-3600, Timestamps.delta(1800, WRAP - 1800));
    assertEquals(90_000, Timestamps.delta(0, 90_000));
  }

  @Test
  void theUnwrappedTimelineGoesOnPastTheWrap() {
    TimestampUnwrapper clock = new TimestampUnwrapper();
    long t = WRAP - 3 * 3600;
    long first = clock.unwrap(t);
    long last = first;
    for (int i = 1; i <= 10; i++) {
      long next = clock.unwrap((t + i * 3600L) % WRAP);
      assertEquals(last + 3600, next, "frame " + i);
      last = next;
    }
    assertEquals(first + 36_000, last);
    assertEquals(true, last > WRAP, "past 2^33, not back at 0");
  }

  @Test
  void reorderedPresentationTimesStayNextToTheirDecodeTimes() {
    TimestampUnwrapper clock = new TimestampUnwrapper();
    long dts = clock.unwrap(WRAP - 3600);
    long pts = clock.unwrap(3600); // two frames later, across the wrap
    long bFrame = clock.unwrap(WRAP - 1800); // back before it
    assertEquals(dts + 7200, pts);
    assertEquals(dts + 1800, bFrame);
  }

  @Test
  void aResetStartsANewTimeline() {
    TimestampUnwrapper clock = new TimestampUnwrapper();
    clock.unwrap(WRAP - 10);
    clock.unwrap(5);
    clock.reset();
    assertEquals(1000, clock.unwrap(1000));
  }

  @Test
  void secondsAndTicks() {
    assertEquals(360_000, Timestamps.ticks(4));
    assertEquals(1.5, Timestamps.seconds(135_000));
  }
}
