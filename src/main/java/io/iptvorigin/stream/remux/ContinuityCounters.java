package io.iptvorigin.stream.remux;

import java.util.Arrays;

/**
 * The continuity_counter of every PID (ISO/IEC 13818-1 §2.4.3.3): it grows by one, modulo 16, with
 * each packet that carries a payload and stays put on adaptation-field-only packets. One duplicate
 * (the same counter again, a packet sent twice) is allowed and must not be read twice; anything
 * else is a gap: packets were lost, and data assembled across them is unusable. A
 * discontinuity_indicator allows the counter to jump.
 */
final class ContinuityCounters {
  enum Verdict {
    /** The first packet seen on the PID. */
    FIRST,
    /** Follows the packet before. */
    NEXT,
    /** A repeat of the packet before: pass it on, do not read it. */
    DUPLICATE,
    /** Packets were lost before this one. */
    GAP
  }

  private static final int UNSEEN = -1;
  private static final int REPEATED = 0x10;

  /** Per PID: the last counter, with {@link #REPEATED} once its packet was repeated. */
  private final byte[] last = new byte[8192];

  ContinuityCounters() {
    Arrays.fill(last, (byte) UNSEEN);
  }

  Verdict check(TsPacket packet) {
    int pid = packet.pid();
    int previous = last[pid];
    int counter = packet.continuityCounter();
    last[pid] = (byte) counter;
    if (previous == UNSEEN) {
      return Verdict.FIRST;
    }
    int previousCounter = previous & 0x0F;
    if (packet.discontinuity()) {
      return Verdict.NEXT;
    }
    if (!packet.hasPayload()) {
      return counter == previousCounter ? Verdict.NEXT : Verdict.GAP;
    }
    if (counter == ((previousCounter + 1) & 0x0F)) {
      return Verdict.NEXT;
    }
    if (counter == previousCounter && (previous & REPEATED) == 0) {
      last[pid] = (byte) (counter | REPEATED);
      return Verdict.DUPLICATE;
    }
    return Verdict.GAP;
  }

  /** The last counter seen on {@code pid}, or -1. */
  int last(int pid) {
    int value = last[pid];
    return value == UNSEEN ? -1 : value & 0x0F;
  }
}
