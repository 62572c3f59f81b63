package io.iptvorigin.stream.remux;

/**
 * Reads the header of a PES packet (ISO/IEC 13818-1 §2.4.3.6) from the payloads of the transport
 * packets that carry it, a header split over two packets included, for its PTS and DTS (33-bit, 90
 * kHz) and for where the elementary stream data begins. Holds 19 bytes at most: the fixed part and
 * the two timestamps; the rest of a header is skipped, not kept.
 */
final class PesHeaderReader {
  static final long NO_TIMESTAMP = -1;

  enum State {
    /** Still in the header. */
    HEADER,
    /** Past it: the bytes are elementary stream data. */
    PAYLOAD,
    /** Not a PES header: nothing in this PES can be read. */
    INVALID
  }

  private static final int FIXED = 6;
  private static final int OPTIONAL = 9;

  private final byte[] header = new byte[OPTIONAL + 10];
  private State state = State.INVALID;
  private int have;
  private int wanted;
  private int headerLength;
  private long pts;
  private long dts;

  /** A new PES packet begins. */
  void start() {
    state = State.HEADER;
    have = 0;
    wanted = FIXED;
    headerLength = -1;
    pts = NO_TIMESTAMP;
    dts = NO_TIMESTAMP;
  }

  /**
   * Reads the header from the next bytes of the PES; returns the offset in {@code bytes} where the
   * elementary stream data begins, or {@code offset + length} when none of them is (still in the
   * header, or invalid).
   */
  int feed(byte[] bytes, int offset, int length) {
    int at = offset;
    int end = offset + length;
    while (state == State.HEADER && at < end) {
      if (have < wanted) {
        header[have++] = bytes[at++];
        if (have == wanted) {
          advance();
        }
      } else {
        int skip = Math.min(end - at, headerLength - have);
        at += skip;
        have += skip;
        if (have == headerLength) {
          state = State.PAYLOAD;
        }
      }
    }
    return state == State.PAYLOAD ? at : end;
  }

  /** The header bytes wanted so far have arrived: decide what comes next. */
  private void advance() {
    if (have == FIXED) {
      if (header[0] != 0 || header[1] != 0 || header[2] != 1) {
        state = State.INVALID;
      } else if (hasOptionalHeader(header[3] & 0xFF)) {
        wanted = OPTIONAL;
      } else {
        headerLength = FIXED;
        state = State.PAYLOAD;
      }
    } else if (have == OPTIONAL) {
      int flags = (header[7] >> 6) & 3;
      int dataLength = header[8] & 0xFF;
      int timestamps = flags == 2 ? 5 : flags == 3 ? 10 : 0;
      if (timestamps > dataLength) {
        state = State.INVALID;
        return;
      }
      headerLength = OPTIONAL + dataLength;
      wanted = OPTIONAL + timestamps;
      if (timestamps == 0) {
        finishFixedPart();
      }
    } else {
      pts = timestamp(OPTIONAL);
      dts = have == OPTIONAL + 10 ? timestamp(OPTIONAL + 5) : pts;
      finishFixedPart();
    }
  }

  private void finishFixedPart() {
    if (have == headerLength) {
      state = State.PAYLOAD;
    }
  }

  /** Stream ids without the optional header (§2.4.3.7): maps, padding, private_stream_2, ECM... */
  private static boolean hasOptionalHeader(int streamId) {
    return switch (streamId) {
      case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF -> false;
      default -> true;
    };
  }

  private long timestamp(int at) {
    return ((long) ((header[at] >> 1) & 0x07) << 30)
        | ((long) (header[at + 1] & 0xFF) << 22)
        | ((long) ((header[at + 2] & 0xFF) >> 1) << 15)
        | ((long) (header[at + 3] & 0xFF) << 7)
        | ((header[at + 4] & 0xFF) >> 1);
  }

  State state() {
    return state;
  }

  /** The PTS, or {@link #NO_TIMESTAMP}; known once the state is {@link State#PAYLOAD}. */
  long pts() {
    return pts;
  }

  /** The DTS, the PTS when the header has none, or {@link #NO_TIMESTAMP}. */
  long dts() {
    return dts;
  }
}
