package io.iptvorigin.stream.remux;

import java.util.ArrayList;
import java.util.List;

/**
 * A program association table (ISO/IEC 13818-1 §2.4.4.3): which PID carries each program's map.
 * Program 0, the network information PID, is not a program and is left out. {@code split} when the
 * table spans several sections, which only a multiplex of many programs needs.
 */
record ProgramAssociation(
    int transportStreamId, int version, boolean split, List<Program> programs) {
  static final int TABLE_ID = 0x00;

  record Program(int number, int pmtPid) {}

  ProgramAssociation {
    programs = List.copyOf(programs);
  }

  /**
   * The PAT in {@code section} (its CRC already checked), or null when it is no PAT in force: the
   * wrong table, a "next" table (current_next_indicator 0) or one too short to be a PAT.
   */
  static ProgramAssociation parse(byte[] section, int length) {
    if (length < 12 || section[0] != TABLE_ID || (section[5] & 0x01) == 0) {
      return null;
    }
    int id = ((section[3] & 0xFF) << 8) | (section[4] & 0xFF);
    int version = (section[5] >> 1) & 0x1F;
    boolean split = section[6] != 0 || section[7] != 0;
    List<Program> programs = new ArrayList<>();
    int end = length - 4;
    for (int at = 8; at + 4 <= end; at += 4) {
      int number = ((section[at] & 0xFF) << 8) | (section[at + 1] & 0xFF);
      int pid = ((section[at + 2] & 0x1F) << 8) | (section[at + 3] & 0xFF);
      if (number != 0) {
        programs.add(new Program(number, pid));
      }
    }
    return new ProgramAssociation(id, version, split, programs);
  }

  /** The one program the native path reads, or null if there is not exactly one. */
  Program program() {
    return programs.size() == 1 && !split ? programs.get(0) : null;
  }

  /** Whether the native path can take this stream's program structure; null if it can. */
  FailureReason unsupported() {
    if (programs.isEmpty()) {
      return FailureReason.NO_PROGRAM;
    }
    return program() == null ? FailureReason.MULTIPLE_PROGRAMS : null;
  }
}
