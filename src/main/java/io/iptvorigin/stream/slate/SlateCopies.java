package io.iptvorigin.stream.slate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The copies of one slate segment that follow each other in a playlist, as if one encoder had gone
 * on: copy {@code n} has every PTS, DTS and PCR moved {@code n} spans later (after a first move to
 * where the channel's own timestamps ended) and its continuity counters going on from the copy
 * before. A player then needs one {@code #EXT-X-DISCONTINUITY} before the first copy, not one per
 * copy (hls.js and ExoPlayer resynchronise at each, and a playlist of copies that each start at the
 * same time is invalid without them, RFC 8216 §3). Pure MPEG-TS packet work, no decoding: the slate
 * is FFmpeg's mpegts output, 188-byte packets.
 */
public final class SlateCopies {
  private static final int PACKET = 188;
  private static final long WRAP = 1L << 33;

  private final Slate slate;
  private final byte[] segment;
  private final long start;
  private final long span;
  private final int[] nextCounter = new int[8192];
  private final Set<Integer> tablePids = new HashSet<>();
  private long copies;

  /**
   * Copies of {@code segment} (the slate's, never changed here), the first one moved {@code start}
   * ticks, each next one {@code span} more: the segment's length in 90 kHz ticks.
   */
  SlateCopies(Slate slate, byte[] segment, long start, long span) {
    this.slate = slate;
    this.segment = segment;
    this.start = start;
    this.span = span;
    Arrays.fill(nextCounter, -1);
  }

  /** The slate copied: its profile, its length. */
  public Slate slate() {
    return slate;
  }

  /** How many copies were made. */
  public long count() {
    return copies;
  }

  /** The next copy. */
  public byte[] next() {
    byte[] out = segment.clone();
    long offset = Math.floorMod(start + copies * span, WRAP);
    for (int at = 0; at + PACKET <= out.length; at += PACKET) {
      if (out[at] == 0x47) {
        packet(out, at, offset);
      }
    }
    copies++;
    return out;
  }

  private void packet(byte[] b, int at, long offset) {
    int pid = ((b[at + 1] & 0x1F) << 8) | (b[at + 2] & 0xFF);
    boolean unitStart = (b[at + 1] & 0x40) != 0;
    int control = (b[at + 3] >> 4) & 3;
    boolean adaptation = (control & 2) != 0;
    boolean payload = (control & 1) != 0;
    if (pid != 0x1FFF) {
      counter(b, at, pid, payload);
    }
    int payloadAt = at + 4;
    if (adaptation) {
      int length = b[at + 4] & 0xFF;
      if (length > 0 && at + 5 + length <= at + PACKET) {
        int flags = b[at + 5] & 0xFF;
        int field = at + 6;
        if ((flags & 0x10) != 0) { // PCR
          shiftClock(b, field, offset);
          field += 6;
        }
        if ((flags & 0x08) != 0) { // OPCR
          shiftClock(b, field, offset);
        }
      }
      payloadAt += 1 + length;
    }
    if (!payload || !unitStart || payloadAt >= at + PACKET) {
      return;
    }
    if (pid == 0) {
      readProgramAssociation(b, payloadAt, at + PACKET);
    } else if (pid >= 0x20 && !tablePids.contains(pid)) {
      shiftPes(b, payloadAt, at + PACKET, offset);
    }
  }

  /**
   * Counters go on across copies: four bits, counting packets with payload only (13818-1 2.4.3.3).
   */
  private void counter(byte[] b, int at, int pid, boolean payload) {
    int original = b[at + 3] & 0x0F;
    int next = nextCounter[pid];
    int value;
    if (next < 0) {
      value = original;
      next = payload ? (original + 1) & 0x0F : original;
    } else if (payload) {
      value = next;
      next = (next + 1) & 0x0F;
    } else {
      value = (next - 1) & 0x0F;
    }
    nextCounter[pid] = next;
    b[at + 3] = (byte) ((b[at + 3] & 0xF0) | value);
  }

  /** The PAT names the PMT PIDs: their sections are tables, not PES, whatever their bytes. */
  private void readProgramAssociation(byte[] b, int from, int end) {
    int table = from + 1 + (b[from] & 0xFF);
    if (table + 8 > end || b[table] != 0) {
      return;
    }
    int sectionEnd =
        Math.min(end, table + 3 + (((b[table + 1] & 0x0F) << 8) | (b[table + 2] & 0xFF)) - 4);
    for (int i = table + 8; i + 4 <= sectionEnd; i += 4) {
      int program = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
      if (program != 0) {
        tablePids.add(((b[i + 2] & 0x1F) << 8) | (b[i + 3] & 0xFF));
      }
    }
  }

  private static void shiftPes(byte[] b, int p, int end, long offset) {
    if (p + 14 > end || b[p] != 0 || b[p + 1] != 0 || b[p + 2] != 1) {
      return;
    }
    int streamId = b[p + 3] & 0xFF;
    // Stream ids without the optional PES header (13818-1 table 2-21).
    if (streamId == 0xBC
        || streamId == 0xBE
        || streamId == 0xBF
        || streamId == 0xF0
        || streamId == 0xF1
        || streamId == 0xF2
        || streamId == 0xF8
        || streamId == 0xFF) {
      return;
    }
    int timestamps = (b[p + 7] >> 6) & 3;
    if ((timestamps & 2) != 0) {
      shiftTimestamp(b, p + 9, offset);
      if (timestamps == 3 && p + 19 <= end) {
        shiftTimestamp(b, p + 14, offset);
      }
    }
  }

  /** PTS or DTS: 33 bits in five bytes with marker bits, the first nibble kept. */
  static void shiftTimestamp(byte[] b, int at, long offset) {
    long ts =
        ((long) (b[at] & 0x0E) << 29)
            | ((long) (b[at + 1] & 0xFF) << 22)
            | ((long) (b[at + 2] & 0xFE) << 14)
            | ((long) (b[at + 3] & 0xFF) << 7)
            | ((b[at + 4] & 0xFE) >> 1);
    ts = Math.floorMod(ts + offset, WRAP);
    b[at] = (byte) ((b[at] & 0xF0) | ((ts >> 29) & 0x0E) | 1);
    b[at + 1] = (byte) (ts >> 22);
    b[at + 2] = (byte) (((ts >> 14) & 0xFE) | 1);
    b[at + 3] = (byte) (ts >> 7);
    b[at + 4] = (byte) (((ts << 1) & 0xFE) | 1);
  }

  /** PCR: a 33-bit 90 kHz base (shifted), six reserved bits and a 9-bit extension (kept). */
  static void shiftClock(byte[] b, int at, long offset) {
    long base =
        ((long) (b[at] & 0xFF) << 25)
            | ((long) (b[at + 1] & 0xFF) << 17)
            | ((long) (b[at + 2] & 0xFF) << 9)
            | ((long) (b[at + 3] & 0xFF) << 1)
            | ((b[at + 4] & 0x80) >> 7);
    base = Math.floorMod(base + offset, WRAP);
    b[at] = (byte) (base >> 25);
    b[at + 1] = (byte) (base >> 17);
    b[at + 2] = (byte) (base >> 9);
    b[at + 3] = (byte) (base >> 1);
    b[at + 4] = (byte) (((base & 1) << 7) | (b[at + 4] & 0x7F));
  }
}
