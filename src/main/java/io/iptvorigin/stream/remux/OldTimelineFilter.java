package io.iptvorigin.stream.remux;

import java.util.BitSet;

/**
 * After a timeline break (a timestamp jump, a time-base discontinuity, a new PMT), keeps the
 * packets of the program's other streams that are still on the old timeline out of the new
 * timeline's first segment. An upstream muxes audio a little behind video, so that segment would
 * otherwise hold a few hundred milliseconds of audio stamped before the jump: a player that takes a
 * segment's timestamps as one timeline (hls.js does) then holds the picture until the audio catches
 * up, which after a jump of minutes it never does.
 *
 * <p>From the break to the end of that segment ({@link #end}), each PES packet of those streams is
 * judged by the PTS its header carries: one further than the jump limit from the new timeline's
 * first video timestamp is dropped whole, and so is the tail of a PES begun before the break, whose
 * head went with the old segment. A PES without a timestamp, or whose header does not fit its first
 * packet, is kept: nothing says it is old. Packets without payload (a PCR of its own PID) always
 * pass; video and the tables are never judged.
 */
final class OldTimelineFilter {
  private static final long NONE = Long.MIN_VALUE;

  private final long maxJumpTicks;
  private final BitSet judged = new BitSet(TsPacket.NULL_PID + 1);
  private final BitSet dropping = new BitSet(TsPacket.NULL_PID + 1);
  private long newTimeline = NONE;

  OldTimelineFilter(long maxJumpTicks) {
    this.maxJumpTicks = maxJumpTicks;
  }

  /** A timeline break: the program's streams other than its video are judged from here on. */
  void broke(ProgramMap program) {
    end();
    if (program == null) {
      return;
    }
    ElementaryStream video = program.video();
    for (ElementaryStream stream : program.streams()) {
      if (video == null || stream.pid() != video.pid()) {
        judged.set(stream.pid());
        dropping.set(stream.pid());
      }
    }
  }

  /** The first video timestamp (raw PTS) after the break: what "the new timeline" is. */
  void videoAt(long rawPts) {
    if (newTimeline == NONE && !judged.isEmpty()) {
      newTimeline = rawPts;
    }
  }

  /** The new timeline's first segment is complete: nothing is judged until the next break. */
  void end() {
    judged.clear();
    dropping.clear();
    newTimeline = NONE;
  }

  /** Whether the transport packet at {@code offset} goes into the segment. */
  boolean keep(byte[] bytes, int offset, int pid) {
    if (!judged.get(pid)) {
      return true;
    }
    boolean payload = (bytes[offset + 3] & 0x10) != 0;
    if (!payload) {
      return true;
    }
    boolean unitStart = (bytes[offset + 1] & 0x40) != 0;
    if (unitStart) {
      long pts = pesTimestamp(bytes, offset);
      boolean old =
          newTimeline == NONE
              || pts != NONE && Math.abs(Timestamps.delta(newTimeline, pts)) > maxJumpTicks;
      dropping.set(pid, old);
    }
    return !dropping.get(pid);
  }

  /** The PTS of the PES header the packet begins, or NONE when it has none or it does not fit. */
  private static long pesTimestamp(byte[] bytes, int offset) {
    int at = offset + 4;
    if ((bytes[offset + 3] & 0x20) != 0) {
      at += 1 + (bytes[at] & 0xFF);
    }
    int end = offset + TsPacket.SIZE;
    if (at + 14 > end || bytes[at] != 0 || bytes[at + 1] != 0 || bytes[at + 2] != 1) {
      return NONE;
    }
    if (((bytes[at + 7] & 0xFF) >> 6) < 2) {
      return NONE; // no PTS
    }
    int p = at + 9;
    return ((long) ((bytes[p] >> 1) & 0x07) << 30)
        | ((long) (bytes[p + 1] & 0xFF) << 22)
        | ((long) ((bytes[p + 2] & 0xFF) >> 1) << 15)
        | ((long) (bytes[p + 3] & 0xFF) << 7)
        | ((bytes[p + 4] & 0xFF) >> 1);
  }
}
