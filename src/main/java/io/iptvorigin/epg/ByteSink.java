package io.iptvorigin.epg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array written with the varints and strings of the guide's binary forms. */
final class ByteSink {
  private byte[] bytes;
  private int size;

  ByteSink(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** The backing array: valid up to {@link #size()}, and only until the next write. */
  byte[] array() {
    return bytes;
  }

  void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void writeBytes(byte[] b, int from, int length) {
    ensure(length);
    System.arraycopy(b, from, bytes, size, length);
    size += length;
  }

  void writeInt(int v) {
    ensure(4);
    bytes[size++] = (byte) (v >>> 24);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  /** An unsigned LEB128 varint: seven bits a byte, the high bit set on all but the last. */
  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      bytes[size++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /** A signed value, zigzag-mapped so that small negative numbers stay short too. */
  void writeSignedVarLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  /** UTF-8 bytes after their count. */
  void writeString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(utf8.length);
    writeBytes(utf8, 0, utf8.length);
  }

  private void ensure(int more) {
    if (more > bytes.length - size) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("binary form over 2 GB");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
