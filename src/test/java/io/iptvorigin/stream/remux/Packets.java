package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads test output back: packets of a segment, their PIDs, the PTS of a PES start. */
final class Packets {
  private Packets() {}

  static List<byte[]> of(byte[] bytes) {
    if (bytes.length % 188 != 0) {
      throw new AssertionError("not whole packets: " + bytes.length + " bytes");
    }
    List<byte[]> packets = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += 188) {
      packets.add(Arrays.copyOfRange(bytes, at, at + 188));
    }
    return packets;
  }

  static int pid(byte[] p) {
    return ((p[1] & 0x1F) << 8) | (p[2] & 0xFF);
  }

  static boolean unitStart(byte[] p) {
    return (p[1] & 0x40) != 0;
  }

  static int counter(byte[] p) {
    return p[3] & 0x0F;
  }

  static int payloadOffset(byte[] p) {
    return (p[3] & 0x20) != 0 ? 5 + (p[4] & 0xFF) : 4;
  }

  /** The PTS of the PES packet that starts in {@code p}. */
  static long pts(byte[] p) {
    int at = payloadOffset(p) + 9;
    return ((long) ((p[at] >> 1) & 0x07) << 30)
        | ((long) (p[at + 1] & 0xFF) << 22)
        | ((long) ((p[at + 2] & 0xFF) >> 1) << 15)
        | ((long) (p[at + 3] & 0xFF) << 7)
        | ((p[at + 4] & 0xFF) >> 1);
  }

  /** The packets of {@code bytes} without those on {@code pid}. */
  static List<byte[]> without(List<byte[]> packets, int pid) {
    return packets.stream().filter(p -> pid(p) != pid).toList();
  }

  static byte[] join(List<byte[]> packets) {
    ByteBuffer b = ByteBuffer.allocate(packets.size() * 188);
    packets.forEach(b::put);
    return b.array();
  }
}
