package io.iptvorigin.epg;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote, from untrusted bytes: every count is checked against what is
 * left, so corrupt input fails with an {@link IllegalArgumentException}, never with a huge
 * allocation.
 */
final class ByteSource {
  private final byte[] bytes;
  private final int end;
  private int at;

  ByteSource(byte[] bytes, int from, int end) {
    this.bytes = bytes;
    this.at = from;
    this.end = end;
  }

  int remaining() {
    return end - at;
  }

  int readByte() {
    if (at >= end) {
      throw new IllegalArgumentException("truncated");
    }
    return bytes[at++] & 0xff;
  }

  long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (shift == 63 && (b & 0x7e) != 0) {
        throw new IllegalArgumentException("varint overflows 64 bits");
      }
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  long readSignedVarLong() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A count that must not exceed the bytes left, as each counted item takes at least one. */
  int readCount() {
    long n = readVarLong();
    if (n > remaining()) {
      throw new IllegalArgumentException(
          "count " + n + " beyond the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  String readString() {
    int length = readCount();
    String s = new String(bytes, at, length, StandardCharsets.UTF_8);
    at += length;
    return s;
  }
}
