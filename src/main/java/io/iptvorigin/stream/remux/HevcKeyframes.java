package io.iptvorigin.stream.remux;

/**
 * HEVC (ITU-T H.265 §7.4.2.2): an access unit starts decoding when its first slice is an IRAP
 * picture, NAL unit types 16 to 21 (BLA, IDR, CRA); the other types below 32 are slices of other
 * pictures, those from 32 parameter sets, SEI and delimiters, which are skipped.
 */
final class HevcKeyframes extends StartCodeScanner {
  private static final int FIRST_IRAP = 16;
  private static final int LAST_IRAP = 21;
  private static final int FIRST_NON_VCL = 32;

  HevcKeyframes() {
    super(1);
  }

  @Override
  Verdict onStartCode(int[] code) {
    int type = (code[0] >> 1) & 0x3F;
    if (type >= FIRST_IRAP && type <= LAST_IRAP) {
      return Verdict.KEYFRAME;
    }
    return type < FIRST_NON_VCL ? Verdict.NOT_KEYFRAME : Verdict.UNDECIDED;
  }
}
