package io.iptvorigin.stream.remux;

import static io.iptvorigin.stream.remux.ContinuityCounters.Verdict.DUPLICATE;
import static io.iptvorigin.stream.remux.ContinuityCounters.Verdict.FIRST;
import static io.iptvorigin.stream.remux.ContinuityCounters.Verdict.GAP;
import static io.iptvorigin.stream.remux.ContinuityCounters.Verdict.NEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContinuityCountersTest {
  private final ContinuityCounters counters = new ContinuityCounters();
  private final TsPacket packet = new TsPacket();

  private ContinuityCounters.Verdict check(int pid, int cc) {
    packet.load(TsBuilder.packet(pid, false, cc, null, TsBuilder.filler(184)), 0);
    return counters.check(packet);
  }

  private ContinuityCounters.Verdict checkWithoutPayload(int pid, int cc, boolean discontinuity) {
    TsBuilder.Adaptation field = new TsBuilder.Adaptation(discontinuity, false, -1);
    packet.load(TsBuilder.adaptationOnly(pid, cc, field), 0);
    return counters.check(packet);
  }

  @Test
  void countersGrowByOneAndWrapAtSixteen() {
    assertEquals(FIRST, check(0x100, 14));
    assertEquals(NEXT, check(0x100, 15));
    assertEquals(NEXT, check(0x100, 0));
    assertEquals(NEXT, check(0x100, 1));
    assertEquals(1, counters.last(0x100));
  }

  @Test
  void aMissingPacketIsAGap() {
    check(0x100, 3);
    assertEquals(GAP, check(0x100, 5));
    assertEquals(NEXT, check(0x100, 6), "counting goes on from the packet after the gap");
  }

  @Test
  void oneDuplicateIsAllowedASecondIsAGap() {
    check(0x100, 3);
    assertEquals(DUPLICATE, check(0x100, 3));
    assertEquals(GAP, check(0x100, 3));
    assertEquals(NEXT, check(0x100, 4));
    assertEquals(DUPLICATE, check(0x100, 4), "allowed again after a new packet");
  }

  @Test
  void adaptationFieldOnlyPacketsKeepTheCounter() {
    check(0x100, 7);
    assertEquals(NEXT, checkWithoutPayload(0x100, 7, false));
    assertEquals(NEXT, check(0x100, 8));
    assertEquals(GAP, checkWithoutPayload(0x100, 9, false));
  }

  @Test
  void theDiscontinuityIndicatorExcusesAJump() {
    check(0x100, 7);
    assertEquals(NEXT, checkWithoutPayload(0x100, 2, true));
    assertEquals(NEXT, check(0x100, 3));
  }

  @Test
  void pidsAreCountedApart() {
    check(0x100, 1);
    assertEquals(FIRST, check(0x101, 9));
    assertEquals(NEXT, check(0x100, 2));
    assertEquals(-1, counters.last(0x102));
  }
}
