package io.iptvorigin.stream.remux;

/**
 * Decides, from the elementary stream bytes of one video PES packet fed in pieces, whether the
 * access unit in it can start decoding. The verdict comes from the video itself, at its first coded
 * picture; the random_access_indicator of the transport packets is not trusted for it.
 */
interface KeyframeDetector {
  enum Verdict {
    UNDECIDED,
    KEYFRAME,
    NOT_KEYFRAME
  }

  /** A new PES packet, and with it a new access unit, begins. */
  void reset();

  /** The next bytes of the access unit; ignored once the verdict is in. */
  void feed(byte[] bytes, int offset, int length);

  Verdict verdict();

  /** The detector for a supported video codec. */
  static KeyframeDetector of(Codec codec) {
    return switch (codec) {
      case H264 -> new H264Keyframes();
      case HEVC -> new HevcKeyframes();
      case MPEG2_VIDEO -> new Mpeg2Keyframes();
      default -> throw new IllegalArgumentException("no keyframe detector for " + codec);
    };
  }
}
