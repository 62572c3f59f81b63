package io.iptvorigin.stream.slate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SlateCopiesTest {
  private static final int PMT = 0x1000;
  private static final int VIDEO = 0x100;

  private static byte[] packet(
      int pid, boolean unitStart, int counter, byte[] adaptation, byte[] payload) {
    byte[] p = new byte[188];
    Arrays.fill(p, (byte) 0xFF);
    p[0] = 0x47;
    p[1] = (byte) ((unitStart ? 0x40 : 0) | (pid >> 8));
    p[2] = (byte) pid;
    int control = (adaptation != null ? 2 : 0) | (payload != null ? 1 : 0);
    p[3] = (byte) ((control << 4) | counter);
    int at = 4;
    if (adaptation != null) {
      p[at] = (byte) adaptation.length;
      System.arraycopy(adaptation, 0, p, at + 1, adaptation.length);
      at += 1 + adaptation.length;
    }
    if (payload != null) {
      System.arraycopy(payload, 0, p, at, payload.length);
    }
    return p;
  }

  private static byte[] pat() {
    // pointer, table 0, length 13, ts id, version, section numbers, program 1 -> PMT, CRC
    return new byte[] {
      0,
      0,
      (byte) 0xB0,
      13,
      0,
      1,
      (byte) 0xC1,
      0,
      0,
      0,
      1,
      (byte) (0xE0 | (PMT >> 8)),
      0,
      1,
      2,
      3,
      4
    };
  }

  /** A PMT section whose bytes after the pointer look like a PES start: still never touched. */
  private static byte[] pmt() {
    return new byte[] {
      0, 0, 0, 1, (byte) 0xE0, 0, 0, (byte) 0x80, (byte) 0xC0, 10, 0x21, 0, 1, 0, 1
    };
  }

  private static byte[] pes(long pts, long dts) {
    byte[] h = new byte[19];
    h[0] = 0;
    h[1] = 0;
    h[2] = 1;
    h[3] = (byte) 0xE0;
    h[6] = (byte) 0x80;
    h[7] = (byte) 0xC0;
    h[8] = 10;
    write(h, 9, 0x30, pts);
    write(h, 14, 0x10, dts);
    return h;
  }

  private static void write(byte[] b, int at, int prefix, long ts) {
    b[at] = (byte) (prefix | ((ts >> 29) & 0x0E) | 1);
    b[at + 1] = (byte) (ts >> 22);
    b[at + 2] = (byte) (((ts >> 14) & 0xFE) | 1);
    b[at + 3] = (byte) (ts >> 7);
    b[at + 4] = (byte) (((ts << 1) & 0xFE) | 1);
  }

  private static long read(byte[] b, int at) {
    return ((long) (b[at] & 0x0E) << 29)
        | ((long) (b[at + 1] & 0xFF) << 22)
        | ((long) (b[at + 2] & 0xFE) << 14)
        | ((long) (b[at + 3] & 0xFF) << 7)
        | ((b[at + 4] & 0xFE) >> 1);
  }

  private static byte[] pcr(long base) {
    return new byte[] {
      0x10,
      (byte) (base >> 25),
      (byte) (base >> 17),
      (byte) (base >> 9),
      (byte) (base >> 1),
      (byte) (((base & 1) << 7) | 0x7E),
      0x05
    };
  }

  private static long readPcr(byte[] b, int at) {
    return ((long) (b[at] & 0xFF) << 25)
        | ((long) (b[at + 1] & 0xFF) << 17)
        | ((long) (b[at + 2] & 0xFF) << 9)
        | ((long) (b[at + 3] & 0xFF) << 1)
        | ((b[at + 4] & 0x80) >> 7);
  }

  /** PAT, PMT, a video PES start with a PCR, one more video packet, an adaptation-only packet. */
  private static byte[] segment(long pts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(packet(0, true, 0, null, pat()));
    out.writeBytes(packet(PMT, true, 0, null, pmt()));
    out.writeBytes(packet(VIDEO, true, 3, pcr(pts - 900), pes(pts, pts - 3600)));
    out.writeBytes(packet(VIDEO, false, 4, null, new byte[] {9, 9}));
    out.writeBytes(packet(VIDEO, false, 4, new byte[] {0}, null));
    return out.toByteArray();
  }

  private static int counter(byte[] segment, int packet) {
    return segment[packet * 188 + 3] & 0x0F;
  }

  @Test
  void eachCopyIsOneSpanLaterWithCountersGoingOn() {
    byte[] source = segment(126_000);
    SlateCopies copies = new Slate(SlateProfile.DEFAULT, source, 126_000 - 3600, 360_000).copies();
    byte[] first = copies.next();
    byte[] second = copies.next();
    byte[] third = copies.next();
    assertArrayEquals(source, first, "the first copy is the slate itself");
    int pesAt = 2 * 188 + 4 + 1 + 7;
    assertEquals(126_000 + 360_000, read(second, pesAt + 9), "PTS");
    assertEquals(126_000 - 3600 + 360_000, read(second, pesAt + 14), "DTS");
    assertEquals(126_000 + 720_000, read(third, pesAt + 9));
    assertEquals(126_000 - 900 + 720_000, readPcr(third, 2 * 188 + 6), "PCR");
    assertEquals(0x7E | 0x05, (third[2 * 188 + 10] & 0x7E) | third[2 * 188 + 11], "extension kept");
    assertEquals(3, copies.count());

    assertEquals(1, counter(second, 0), "PAT goes on from 0");
    assertEquals(2, counter(third, 0));
    assertEquals(5, counter(second, 2), "video goes on after 3, 4");
    assertEquals(6, counter(second, 3));
    assertEquals(6, counter(second, 4), "no payload: the counter stays");
    assertEquals(7, counter(third, 2));
  }

  @Test
  void copiesFromAStartBeginThere() {
    byte[] source = segment(126_000);
    SlateCopies copies =
        new Slate(SlateProfile.DEFAULT, source, 126_000 - 3600, 360_000).copiesFrom(5_000_000);
    byte[] first = copies.next();
    byte[] second = copies.next();
    int pesAt = 2 * 188 + 4 + 1 + 7;
    assertEquals(5_000_000, read(first, pesAt + 14), "the first DTS is the start");
    assertEquals(5_000_000 + 3600, read(first, pesAt + 9));
    assertEquals(5_000_000 + 3600 + 360_000, read(second, pesAt + 9));
  }

  @Test
  void tablesAreNeverTakenForPes() {
    byte[] source = segment(126_000);
    SlateCopies copies = new Slate(SlateProfile.DEFAULT, source, 126_000 - 3600, 360_000).copies();
    copies.next();
    byte[] later = copies.next();
    assertArrayEquals(
        Arrays.copyOfRange(source, 188 + 4, 2 * 188),
        Arrays.copyOfRange(later, 188 + 4, 2 * 188),
        "the PMT's bytes are unchanged");
  }

  @Test
  void timestampsWrapAt33Bits() {
    long pts = (1L << 33) - 1000;
    SlateCopies copies =
        new Slate(SlateProfile.DEFAULT, segment(pts), pts - 3600, 360_000).copies();
    copies.next();
    byte[] second = copies.next();
    assertEquals(360_000 - 1000, read(second, 2 * 188 + 4 + 1 + 7 + 9));
  }
}
