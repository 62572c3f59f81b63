package io.iptvorigin.stream.remux;

import static io.iptvorigin.stream.remux.KeyframeDetector.Verdict.KEYFRAME;
import static io.iptvorigin.stream.remux.KeyframeDetector.Verdict.NOT_KEYFRAME;
import static io.iptvorigin.stream.remux.KeyframeDetector.Verdict.UNDECIDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeyframeDetectorTest {
  private static KeyframeDetector.Verdict verdict(Codec codec, byte[] au, int piece) {
    KeyframeDetector detector = KeyframeDetector.of(codec);
    detector.reset();
    for (int at = 0; at < au.length; at += piece) {
      detector.feed(au, at, Math.min(piece, au.length - at));
    }
    return detector.verdict();
  }

  /** Every split of the access unit into pieces gives the same verdict. */
  private static void assertVerdict(KeyframeDetector.Verdict expected, Codec codec, byte[] au) {
    for (int piece : new int[] {1, 2, 3, 5, 184, au.length}) {
      assertEquals(expected, verdict(codec, au, piece), codec + " in pieces of " + piece);
    }
  }

  @Test
  void anH264IdrAfterParameterSetsAndALongSeiIsAKeyframe() {
    assertVerdict(KEYFRAME, Codec.H264, TsBuilder.h264(true, 100));
  }

  @Test
  void anH264NonIdrSliceIsNot() {
    assertVerdict(NOT_KEYFRAME, Codec.H264, TsBuilder.h264(false, 100));
  }

  @Test
  void parameterSetsAloneDecideNothing() {
    byte[] sps = TsBuilder.nal(3, new byte[] {0x67}, TsBuilder.filler(20));
    assertVerdict(UNDECIDED, Codec.H264, sps);
  }

  @Test
  void theFirstSliceDecidesEvenIfAnIdrFollows() {
    byte[] au =
        TsBuilder.concat(
            TsBuilder.nal(2, new byte[] {0x41}, TsBuilder.filler(30)),
            TsBuilder.nal(2, new byte[] {0x65}, TsBuilder.filler(30)));
    assertVerdict(NOT_KEYFRAME, Codec.H264, au);
  }

  @Test
  void hevcIrapTypesAreKeyframes() {
    for (int type = 16; type <= 21; type++) {
      assertVerdict(KEYFRAME, Codec.HEVC, TsBuilder.hevc(type, 100));
    }
  }

  @Test
  void hevcTrailingAndLeadingPicturesAreNot() {
    for (int type : new int[] {0, 1, 8, 9}) {
      assertVerdict(NOT_KEYFRAME, Codec.HEVC, TsBuilder.hevc(type, 100));
    }
  }

  @Test
  void anMpeg2IPictureAfterASequenceHeaderIsAKeyframe() {
    assertVerdict(KEYFRAME, Codec.MPEG2_VIDEO, TsBuilder.mpeg2(true, 1, 100));
  }

  @Test
  void anMpeg2IPictureWithoutSequenceHeaderOrAPPictureIsNot() {
    assertVerdict(NOT_KEYFRAME, Codec.MPEG2_VIDEO, TsBuilder.mpeg2(false, 1, 100));
    assertVerdict(NOT_KEYFRAME, Codec.MPEG2_VIDEO, TsBuilder.mpeg2(true, 2, 100));
    assertVerdict(NOT_KEYFRAME, Codec.MPEG2_VIDEO, TsBuilder.mpeg2(true, 3, 100));
  }

  @Test
  void aResetForgetsTheAccessUnitBefore() {
    KeyframeDetector detector = KeyframeDetector.of(Codec.MPEG2_VIDEO);
    detector.reset();
    byte[] header = TsBuilder.nal(2, new byte[] {(byte) 0xB3}, TsBuilder.filler(8));
    detector.feed(header, 0, header.length);
    detector.reset();
    byte[] picture = TsBuilder.mpeg2(false, 1, 10);
    detector.feed(picture, 0, picture.length);
    assertEquals(NOT_KEYFRAME, detector.verdict(), "the sequence header was in another PES");
  }

  @Test
  void onlyVideoCodecsHaveADetector() {
    assertThrows(IllegalArgumentException.class, () -> KeyframeDetector.of(Codec.AAC));
  }
}
