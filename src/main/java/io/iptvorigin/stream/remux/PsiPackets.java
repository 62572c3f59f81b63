package io.iptvorigin.stream.remux;

import java.util.Arrays;

/**
 * Transport packets for a PSI section, to begin a segment with the PAT and PMT in force.
 *
 * <p>Continuity counters: the inserted packets end on the counter of the last packet the upstream
 * sent on that PID, so inside the segment the upstream's next PAT or PMT follows them without a
 * gap. Across segments (a player or the TS output reading them back to back) they repeat counters
 * already seen, so their first packet carries the discontinuity_indicator, which allows that
 * (§2.4.3.5); readers that drop repeats lose nothing, the tables are the same.
 */
final class PsiPackets {
  private static final int SIZE = TsPacket.SIZE;

  /** First packet: header, adaptation field (length, flags), pointer_field. */
  private static final int FIRST_ROOM = SIZE - 4 - 2 - 1;

  private PsiPackets() {}

  /** How many packets {@code section} takes. */
  static int count(byte[] section) {
    int rest = Math.max(0, section.length - FIRST_ROOM);
    return 1 + (rest + SIZE - 5) / (SIZE - 4);
  }

  /**
   * Writes the packets of {@code section} on {@code pid} into {@code out} at {@code at}, the last
   * with continuity counter {@code lastCounter}; returns where they end.
   */
  static int write(byte[] section, int pid, int lastCounter, byte[] out, int at) {
    int packets = count(section);
    int counter = Math.floorMod(lastCounter - packets + 1, 16);
    int done = 0;
    for (int i = 0; i < packets; i++) {
      int p = at + i * SIZE;
      Arrays.fill(out, p, p + SIZE, (byte) 0xFF);
      out[p] = TsPacket.SYNC;
      out[p + 1] = (byte) ((i == 0 ? 0x40 : 0) | (pid >> 8));
      out[p + 2] = (byte) pid;
      int payload;
      if (i == 0) {
        out[p + 3] = (byte) (0x30 | counter);
        out[p + 4] = 1; // adaptation_field_length: the flags byte alone
        out[p + 5] = (byte) 0x80; // discontinuity_indicator
        out[p + 6] = 0; // pointer_field: the section starts right here
        payload = p + 7;
      } else {
        out[p + 3] = (byte) (0x10 | counter);
        payload = p + 4;
      }
      int n = Math.min(section.length - done, p + SIZE - payload);
      System.arraycopy(section, done, out, payload, n);
      done += n;
      counter = (counter + 1) & 0x0F;
    }
    return at + packets * SIZE;
  }

  /** The PAT and PMT packets a segment begins with, counters going on from the given ones. */
  static byte[] header(ProgramTables tables, int patCounter, int pmtCounter) {
    byte[] out = new byte[(count(tables.patSection()) + count(tables.pmtSection())) * SIZE];
    int at = write(tables.patSection(), TsPacket.PAT_PID, patCounter, out, 0);
    write(tables.pmtSection(), tables.pmtPid(), pmtCounter, out, at);
    return out;
  }
}
