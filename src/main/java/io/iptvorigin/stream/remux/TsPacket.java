package io.iptvorigin.stream.remux;

/**
 * The header of one 188-byte transport stream packet (ISO/IEC 13818-1 §2.4.3.2) read in place from
 * the buffer it arrived in. A flyweight, loaded again for every packet, so reading hundreds of
 * thousands of packets a second allocates nothing; its values hold until the next {@link #load}.
 */
final class TsPacket {
  static final int SIZE = 188;
  static final byte SYNC = 0x47;
  static final int NULL_PID = 0x1FFF;
  static final int PAT_PID = 0;
  static final long NO_PCR = -1;
  private static final int HEADER = 4;

  private byte[] bytes;
  private int offset;
  private int pid;
  private boolean unitStart;
  private boolean transportError;
  private int scrambling;
  private int continuityCounter;
  private boolean hasPayload;
  private int payloadOffset;
  private boolean discontinuity;
  private boolean randomAccess;
  private long pcr;

  /**
   * Reads the packet at {@code offset}; false when it cannot be read: no sync byte, the reserved
   * adaptation_field_control '00' (decoders discard those, §2.4.3.3), or an adaptation field longer
   * than the packet.
   */
  boolean load(byte[] bytes, int offset) {
    this.bytes = bytes;
    this.offset = offset;
    if (bytes[offset] != SYNC) {
      return false;
    }
    int b1 = bytes[offset + 1] & 0xFF;
    int b3 = bytes[offset + 3] & 0xFF;
    transportError = (b1 & 0x80) != 0;
    unitStart = (b1 & 0x40) != 0;
    pid = ((b1 & 0x1F) << 8) | (bytes[offset + 2] & 0xFF);
    scrambling = b3 >> 6;
    int control = (b3 >> 4) & 3;
    continuityCounter = b3 & 0x0F;
    hasPayload = (control & 1) != 0;
    discontinuity = false;
    randomAccess = false;
    pcr = NO_PCR;
    if (control == 0) {
      return false;
    }
    payloadOffset = offset + HEADER;
    if ((control & 2) != 0) {
      int length = bytes[offset + HEADER] & 0xFF;
      // With a payload the field leaves at least one byte of it (0..182); alone it fills the
      // packet.
      int max = hasPayload ? SIZE - HEADER - 2 : SIZE - HEADER - 1;
      if (length > max) {
        return false;
      }
      readAdaptationField(offset + HEADER + 1, length);
      payloadOffset += 1 + length;
    }
    return true;
  }

  private void readAdaptationField(int at, int length) {
    if (length == 0) {
      return;
    }
    int flags = bytes[at] & 0xFF;
    discontinuity = (flags & 0x80) != 0;
    randomAccess = (flags & 0x40) != 0;
    if ((flags & 0x10) != 0 && length >= 7) {
      long base =
          ((long) (bytes[at + 1] & 0xFF) << 25)
              | ((bytes[at + 2] & 0xFF) << 17)
              | ((bytes[at + 3] & 0xFF) << 9)
              | ((bytes[at + 4] & 0xFF) << 1)
              | ((bytes[at + 5] & 0xFF) >> 7);
      int extension = ((bytes[at + 5] & 0x01) << 8) | (bytes[at + 6] & 0xFF);
      pcr = base * 300 + extension;
    }
  }

  byte[] bytes() {
    return bytes;
  }

  int offset() {
    return offset;
  }

  int pid() {
    return pid;
  }

  boolean unitStart() {
    return unitStart;
  }

  /** transport_error_indicator: a demodulator upstream found the packet damaged. */
  boolean transportError() {
    return transportError;
  }

  /** transport_scrambling_control is not '00': the payload is encrypted. */
  boolean scrambled() {
    return scrambling != 0;
  }

  int continuityCounter() {
    return continuityCounter;
  }

  boolean hasPayload() {
    return hasPayload;
  }

  /** Where the payload begins in {@link #bytes()}. */
  int payloadOffset() {
    return payloadOffset;
  }

  int payloadLength() {
    return hasPayload ? offset + SIZE - payloadOffset : 0;
  }

  /** The adaptation field's discontinuity_indicator. */
  boolean discontinuity() {
    return discontinuity;
  }

  /**
   * The adaptation field's random_access_indicator. Read for completeness only: muxers set it on
   * frames that are not keyframes and leave it off keyframes, so keyframes are found in the video.
   */
  boolean randomAccess() {
    return randomAccess;
  }

  /** The program clock reference in 27 MHz ticks, or {@link #NO_PCR}. */
  long pcr() {
    return pcr;
  }
}
