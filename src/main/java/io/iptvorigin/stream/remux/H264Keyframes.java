package io.iptvorigin.stream.remux;

/**
 * H.264 (ISO/IEC 14496-10 §7.4.1.2): an access unit starts decoding when its first slice is an IDR
 * slice, NAL unit type 5; types 1 to 4 are slices (or partitions) of other pictures. Parameter
 * sets, SEI and delimiters before the first slice are skipped.
 */
final class H264Keyframes extends StartCodeScanner {
  private static final int IDR = 5;

  H264Keyframes() {
    super(1);
  }

  @Override
  Verdict onStartCode(int[] code) {
    int type = code[0] & 0x1F;
    if (type == IDR) {
      return Verdict.KEYFRAME;
    }
    return type >= 1 && type <= 4 ? Verdict.NOT_KEYFRAME : Verdict.UNDECIDED;
  }
}
