package io.iptvorigin.stream.remux;

/**
 * Reassembles the PSI sections of one PID from packet payloads (ISO/IEC 13818-1 §2.4.4): a packet
 * that starts a section begins with a pointer_field giving how many bytes still finish the section
 * before; one packet may end a section and start another, several may hold one section, and 0xFF
 * after a section is stuffing up to the packet's end. Sections with a bad CRC are dropped, and so
 * is a section in progress when packets were lost under it.
 *
 * <p>Memory is one section at most: 1024 bytes, the most a PAT or PMT may take (section_length ≤
 * 1021); longer sections are not program tables and are skipped.
 */
final class SectionAssembler {
  /** Receives each complete section with a good CRC; the bytes are valid only during the call. */
  interface SectionHandler {
    void section(byte[] section, int length);
  }

  static final int MAX_SECTION = 1024;
  private static final int HEADER = 3;

  private final byte[] section = new byte[MAX_SECTION];
  private boolean collecting;
  private int have;
  private int need;
  private long crcErrors;
  private long oversized;

  /**
   * One packet's payload. {@code continuous} is false after lost packets (a gap or the PID's first
   * packet), when what was collected cannot be finished.
   */
  void packet(
      byte[] bytes,
      int offset,
      int length,
      boolean unitStart,
      boolean continuous,
      SectionHandler handler) {
    if (!continuous) {
      collecting = false;
    }
    int at = offset;
    int end = offset + length;
    if (unitStart) {
      if (length < 1) {
        collecting = false;
        return;
      }
      int pointer = bytes[at++] & 0xFF;
      if (pointer > end - at) {
        collecting = false;
        return;
      }
      if (collecting) {
        collect(bytes, at, pointer, handler);
        // Whatever the section before did not get from these bytes it will not get.
        collecting = false;
      }
      at += pointer;
      read(bytes, at, end, handler);
    } else if (collecting) {
      read(bytes, at, end, handler);
    }
  }

  /** Forgets a section in progress (the PID now carries another table). */
  void reset() {
    collecting = false;
  }

  private void read(byte[] bytes, int at, int end, SectionHandler handler) {
    while (at < end) {
      if (!collecting) {
        if (bytes[at] == (byte) 0xFF) {
          return; // stuffing to the end of the packet
        }
        collecting = true;
        have = 0;
        need = HEADER;
      }
      at += collect(bytes, at, end - at, handler);
    }
  }

  /** Adds up to {@code available} bytes to the section in progress; returns how many it took. */
  private int collect(byte[] bytes, int at, int available, SectionHandler handler) {
    int taken = 0;
    while (collecting && taken < available) {
      int n = Math.min(available - taken, need - have);
      System.arraycopy(bytes, at + taken, section, have, n);
      have += n;
      taken += n;
      if (have < need) {
        break;
      }
      if (need == HEADER) {
        int total = HEADER + (((section[1] & 0x0F) << 8) | (section[2] & 0xFF));
        if (total > MAX_SECTION) {
          // Not a program table: skip it, and the rest of this packet with it.
          oversized++;
          collecting = false;
          return available;
        }
        need = total;
        if (have < need) {
          continue;
        }
      }
      collecting = false;
      complete(handler);
    }
    return taken;
  }

  private void complete(SectionHandler handler) {
    boolean syntax = (section[1] & 0x80) != 0;
    if (syntax && (have < HEADER + 4 || Crc32Mpeg2.of(section, 0, have) != 0)) {
      crcErrors++;
      return;
    }
    handler.section(section, have);
  }

  /** Sections dropped for a bad CRC. */
  long crcErrors() {
    return crcErrors;
  }

  /** Sections skipped for being longer than any program table. */
  long oversized() {
    return oversized;
  }
}
