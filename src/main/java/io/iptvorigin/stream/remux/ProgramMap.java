package io.iptvorigin.stream.remux;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A program map table (ISO/IEC 13818-1 §2.4.4.8): the elementary streams of one program. */
record ProgramMap(int programNumber, int version, int pcrPid, List<ElementaryStream> streams) {
  static final int TABLE_ID = 0x02;

  ProgramMap {
    streams = List.copyOf(streams);
  }

  /**
   * The PMT in {@code section} (its CRC already checked), or null when it is no PMT in force: the
   * wrong table, a "next" table, or lengths that run past the section.
   */
  static ProgramMap parse(byte[] section, int length) {
    if (length < 16 || section[0] != TABLE_ID || (section[5] & 0x01) == 0) {
      return null;
    }
    int program = ((section[3] & 0xFF) << 8) | (section[4] & 0xFF);
    int version = (section[5] >> 1) & 0x1F;
    int pcrPid = ((section[8] & 0x1F) << 8) | (section[9] & 0xFF);
    int infoLength = ((section[10] & 0x0F) << 8) | (section[11] & 0xFF);
    int end = length - 4;
    int at = 12 + infoLength;
    if (at > end) {
      return null;
    }
    List<ElementaryStream> streams = new ArrayList<>();
    while (at + 5 <= end) {
      int type = section[at] & 0xFF;
      int pid = ((section[at + 1] & 0x1F) << 8) | (section[at + 2] & 0xFF);
      int esInfo = ((section[at + 3] & 0x0F) << 8) | (section[at + 4] & 0xFF);
      int descriptors = at + 5;
      if (descriptors + esInfo > end) {
        return null;
      }
      streams.add(
          new ElementaryStream(
              pid, type, Codec.of(type, section, descriptors, descriptors + esInfo)));
      at = descriptors + esInfo;
    }
    return new ProgramMap(program, version, pcrPid, streams);
  }

  /** The program's one video stream, or null (none, or several). */
  ElementaryStream video() {
    List<ElementaryStream> videos = of(Codec.Kind.VIDEO);
    return videos.size() == 1 ? videos.get(0) : null;
  }

  /** Whether {@code pid} carries one of the program's elementary streams. */
  boolean carries(int pid) {
    return streams.stream().anyMatch(s -> s.pid() == pid);
  }

  /** Whether the native path can take this program; null if it can. */
  FailureReason unsupported() {
    List<ElementaryStream> videos = of(Codec.Kind.VIDEO);
    if (videos.isEmpty()) {
      return FailureReason.NO_VIDEO;
    }
    if (videos.size() > 1) {
      return FailureReason.MULTIPLE_VIDEO;
    }
    if (!videos.get(0).codec().supported()) {
      return FailureReason.UNKNOWN_VIDEO;
    }
    boolean audioOk = of(Codec.Kind.AUDIO).stream().allMatch(s -> s.codec().supported());
    return audioOk ? null : FailureReason.UNKNOWN_AUDIO;
  }

  /** The streams for a log line: {@code h264@0x100 aac@0x101 data(0x86)@0x102}. */
  String describe() {
    return streams.stream().map(ElementaryStream::toString).collect(Collectors.joining(" "));
  }

  private List<ElementaryStream> of(Codec.Kind kind) {
    return streams.stream().filter(s -> s.codec().kind() == kind).toList();
  }
}
