package io.iptvorigin.stream.remux;

import java.nio.charset.StandardCharsets;

/**
 * What an elementary stream of a PMT carries, from its stream_type (ISO/IEC 13818-1 Table 2-34,
 * ATSC A/52 for 0x81 and 0x87) and, for private data (0x06), its DVB descriptors (EN 300 468) or
 * registration descriptor. Only video and audio need to be understood: subtitles, teletext and data
 * are passed through as they come.
 */
enum Codec {
  H264(Kind.VIDEO, true),
  HEVC(Kind.VIDEO, true),
  /** MPEG-2 or MPEG-1 video: the same picture headers. */
  MPEG2_VIDEO(Kind.VIDEO, true),
  OTHER_VIDEO(Kind.VIDEO, false),
  /** AAC in ADTS frames. */
  AAC(Kind.AUDIO, true),
  AAC_LATM(Kind.AUDIO, true),
  /** MPEG-1/2 audio layers I-III (MP2, MP3). */
  MPEG_AUDIO(Kind.AUDIO, true),
  AC3(Kind.AUDIO, true),
  EAC3(Kind.AUDIO, true),
  OTHER_AUDIO(Kind.AUDIO, false),
  DVB_TELETEXT(Kind.SUBTITLE, true),
  DVB_SUBTITLE(Kind.SUBTITLE, true),
  /** Anything else (SCTE-35, ID3, private data): passed through unread. */
  DATA(Kind.DATA, true);

  enum Kind {
    VIDEO,
    AUDIO,
    SUBTITLE,
    DATA
  }

  private static final int AC3_DESCRIPTOR = 0x6A;
  private static final int EAC3_DESCRIPTOR = 0x7A;
  private static final int DTS_DESCRIPTOR = 0x7B;
  private static final int TELETEXT_DESCRIPTOR = 0x56;
  private static final int SUBTITLING_DESCRIPTOR = 0x59;
  private static final int REGISTRATION_DESCRIPTOR = 0x05;

  private final Kind kind;
  private final boolean supported;

  Codec(Kind kind, boolean supported) {
    this.kind = kind;
    this.supported = supported;
  }

  Kind kind() {
    return kind;
  }

  /** Whether the native path takes a program with this stream. */
  boolean supported() {
    return supported;
  }

  /**
   * The codec of a stream of {@code streamType} with the descriptors at {@code bytes[from, to)}.
   */
  static Codec of(int streamType, byte[] bytes, int from, int to) {
    return switch (streamType) {
      case 0x1B -> H264;
      case 0x24 -> HEVC;
      case 0x01, 0x02 -> MPEG2_VIDEO;
      // MPEG-4 Visual, SVC, MVC, JPEG 2000, VVC, AVS, AVS2, Dirac, VC-1.
      case 0x10, 0x1F, 0x20, 0x21, 0x33, 0x42, 0xD2, 0xD1, 0xEA -> OTHER_VIDEO;
      case 0x0F -> AAC;
      case 0x11 -> AAC_LATM;
      case 0x03, 0x04 -> MPEG_AUDIO;
      case 0x81 -> AC3;
      case 0x87 -> EAC3;
      // MPEG-4 audio without ADTS or LATM, MPEG-H 3D audio.
      case 0x1C, 0x2D, 0x2E -> OTHER_AUDIO;
      case 0x06 -> ofPrivateData(bytes, from, to);
      default -> DATA;
    };
  }

  private static Codec ofPrivateData(byte[] bytes, int from, int to) {
    for (int at = from; at + 2 <= to; at += 2 + (bytes[at + 1] & 0xFF)) {
      int tag = bytes[at] & 0xFF;
      int length = bytes[at + 1] & 0xFF;
      if (at + 2 + length > to) {
        break;
      }
      switch (tag) {
        case AC3_DESCRIPTOR:
          return AC3;
        case EAC3_DESCRIPTOR:
          return EAC3;
        case DTS_DESCRIPTOR:
          return OTHER_AUDIO;
        case TELETEXT_DESCRIPTOR:
          return DVB_TELETEXT;
        case SUBTITLING_DESCRIPTOR:
          return DVB_SUBTITLE;
        case REGISTRATION_DESCRIPTOR:
          if (length >= 4) {
            String format = new String(bytes, at + 2, 4, StandardCharsets.US_ASCII);
            if (format.equals("AC-3")) {
              return AC3;
            }
            if (format.equals("EAC3")) {
              return EAC3;
            }
          }
          break;
        default:
          break;
      }
    }
    return DATA;
  }
}
