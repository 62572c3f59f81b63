package io.iptvorigin.stream.remux;

import java.nio.ByteBuffer;

/**
 * The bytes of the segment in flight, in one array reused from segment to segment: a finished
 * segment is lent to the sink, then the packets already read past its end move to the front. It
 * grows by a quarter at a time (in 64 KiB steps) up to a hard cap, and shrinks back when it was
 * sized for a burst long gone, so a channel holds about one segment and a quarter, never more than
 * the cap: at 1,000 channels per node, doubling's up-to-twice-a-segment would be the largest cost
 * of a channel.
 */
final class SegmentBuffer {
  private static final int INITIAL = 64 * 1024;

  private final int cap;
  private byte[] data;
  private int length;

  SegmentBuffer(int cap) {
    this.cap = cap;
    this.data = new byte[Math.min(INITIAL, cap)];
  }

  int length() {
    return length;
  }

  /** Appends one packet; false if it would pass the cap (nothing appended). */
  boolean append(byte[] bytes, int offset, int n) {
    if (!room(length + n)) {
      return false;
    }
    System.arraycopy(bytes, offset, data, length, n);
    length += n;
    return true;
  }

  /** Bytes {@code [0, end)}, read-only, valid until the buffer next changes. */
  ByteBuffer view(int end) {
    return ByteBuffer.wrap(data, 0, end).asReadOnlyBuffer();
  }

  /**
   * Replaces bytes {@code [0, end)} with {@code front}: what follows {@code end} stays, after it.
   * False if that would pass the cap (nothing changed).
   */
  boolean replaceFront(int end, byte[] front) {
    int rest = length - end;
    if (!room(front.length + rest)) {
      return false;
    }
    System.arraycopy(data, end, data, front.length, rest);
    System.arraycopy(front, 0, data, 0, front.length);
    length = front.length + rest;
    return true;
  }

  /** Drops bytes {@code [0, end)}. */
  void discardFront(int end) {
    System.arraycopy(data, end, data, 0, length - end);
    length -= end;
  }

  void clear() {
    length = 0;
  }

  /** Empties the buffer and gives its memory back; it grows again if used. */
  void release() {
    length = 0;
    data = new byte[0];
  }

  /**
   * A segment of {@code size} bytes was handed on: memory twice what it and what is held now need
   * was taken by a burst long gone and is given back.
   */
  void fit(int size) {
    int need = Math.max(size, length);
    if (data.length > INITIAL && data.length > 2L * need) {
      byte[] smaller = new byte[(int) Math.min(cap, steps(need + (long) need / 4))];
      System.arraycopy(data, 0, smaller, 0, length);
      data = smaller;
    }
  }

  /** Bytes held now (the array, not its use). */
  int capacity() {
    return data.length;
  }

  private boolean room(int needed) {
    if (needed > cap) {
      return false;
    }
    if (needed > data.length) {
      long grown = steps(Math.max(needed, data.length + (long) data.length / 4));
      byte[] larger = new byte[(int) Math.min(cap, grown)];
      System.arraycopy(data, 0, larger, 0, length);
      data = larger;
    }
    return true;
  }

  /** {@code n} rounded up to whole {@value #INITIAL}-byte steps. */
  private static long steps(long n) {
    return Math.max(INITIAL, (n + INITIAL - 1) / INITIAL * INITIAL);
  }
}
