package io.iptvorigin.stream.remux;

/**
 * MPEG-2 (and MPEG-1) video (ISO/IEC 13818-2 §6.2.3): an access unit starts decoding when a
 * sequence header (start code 0xB3) precedes an I-picture, picture_coding_type 1 in the picture
 * header (start code 0x00): a decoder needs the sequence header's sizes and matrices first.
 */
final class Mpeg2Keyframes extends StartCodeScanner {
  private static final int PICTURE = 0x00;
  private static final int SEQUENCE_HEADER = 0xB3;
  private static final int INTRA = 1;

  private boolean sequenceHeader;

  /** The start code's value and the two picture header bytes holding picture_coding_type. */
  Mpeg2Keyframes() {
    super(3);
  }

  @Override
  Verdict onStartCode(int[] code) {
    if (code[0] == SEQUENCE_HEADER) {
      sequenceHeader = true;
      return Verdict.UNDECIDED;
    }
    if (code[0] != PICTURE) {
      return Verdict.UNDECIDED;
    }
    // temporal_reference (10 bits), then picture_coding_type (3 bits).
    int codingType = (code[2] >> 3) & 0x07;
    return sequenceHeader && codingType == INTRA ? Verdict.KEYFRAME : Verdict.NOT_KEYFRAME;
  }

  @Override
  void onReset() {
    sequenceHeader = false;
  }
}
