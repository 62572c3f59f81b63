package io.iptvorigin.stream.remux;

import static io.iptvorigin.stream.remux.StreamCheck.Outcome.PENDING;
import static io.iptvorigin.stream.remux.StreamCheck.Outcome.SUPPORTED;
import static io.iptvorigin.stream.remux.StreamCheck.Outcome.UNSUPPORTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamCheckTest {
  private static final int MIB = 1024 * 1024;

  private final StreamCheck check = new StreamCheck(2 * MIB, 64 * 1024, 10);
  private final PacketFramer framer = new PacketFramer();
  private final TsDemuxer demuxer = new TsDemuxer();
  private long bytes;

  /**
   * Frames and demuxes {@code input} into the check, as the remuxer does, with two null packets
   * after it: the framer finds sync at three packets in a row and hands a packet on once the next
   * one's sync byte is in.
   */
  private StreamCheck.Outcome feed(byte[] stream) {
    byte[] input = TsBuilder.concat(stream, new TsBuilder().nullPacket().nullPacket().bytes());
    for (int at = 0; at < input.length; at += 1000) {
      int n = Math.min(1000, input.length - at);
      framer.push(
          ByteBuffer.wrap(input, at, n),
          (b, o) -> check.packet(demuxer.read(b, o), demuxer.tables()));
      bytes += n;
      check.input(bytes, framer.packets());
    }
    return check.outcome();
  }

  private void assertUnsupported(FailureReason reason, byte[] input) {
    assertEquals(UNSUPPORTED, feed(input));
    assertEquals(reason, check.reason());
  }

  private static TsBuilder program(TsBuilder.Stream... streams) {
    return new TsBuilder().pat(0, 1, TsBuilder.PMT_PID).pmt(0, TsBuilder.VIDEO_PID, streams);
  }

  @Test
  void anH264AacStreamIsSupportedAtItsFirstKeyframe() {
    TestStream stream = new TestStream(25).frames(1);
    assertEquals(SUPPORTED, feed(stream.bytes()));
  }

  @Test
  void itWaitsForTheKeyframe() {
    TsBuilder ts = new TsBuilder().tables().h264Frame(3600, 0, false).h264Frame(7200, 3600, false);
    assertEquals(PENDING, feed(ts.bytes()));
    assertEquals(SUPPORTED, feed(new TsBuilder().h264Frame(10_800, 7200, true).bytes()));
  }

  @Test
  void textIsNotATransportStream() {
    assertUnsupported(FailureReason.NOT_TS, TsBuilder.html(70_000));
  }

  @Test
  void anHlsPlaylistIsNotATransportStream() {
    String playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg.ts\n".repeat(2000);
    assertUnsupported(FailureReason.NOT_TS, playlist.getBytes());
  }

  @Test
  void scrambledVideoIsUnsupportedEvenWhenSeenBeforeThePmt() {
    TsBuilder ts = new TsBuilder().pat(0, 1, TsBuilder.PMT_PID);
    byte[] packet = TsBuilder.packet(TsBuilder.VIDEO_PID, false, 0, null, TsBuilder.filler(184));
    packet[3] |= (byte) 0x80;
    ts.raw(packet).pmt(0, TsBuilder.VIDEO_PID, new TsBuilder.Stream(0x1B, 0x100), TsBuilder.aac());
    assertUnsupported(FailureReason.SCRAMBLED, ts.bytes());
  }

  @Test
  void aScrambledDataPidOutsideTheProgramIsNoMatter() {
    TestStream stream = new TestStream(25);
    byte[] packet = TsBuilder.packet(0x1FF0, false, 0, null, TsBuilder.filler(184));
    packet[3] |= (byte) 0xC0;
    stream.ts.raw(packet);
    assertEquals(SUPPORTED, feed(stream.frames(1).bytes()));
  }

  @Test
  void aProgramWithoutVideoIsReportedAtThePmt() {
    assertUnsupported(FailureReason.NO_VIDEO, program(TsBuilder.aac()).bytes());
  }

  @Test
  void mpeg4VisualIsUnknownVideo() {
    assertUnsupported(
        FailureReason.UNKNOWN_VIDEO,
        program(new TsBuilder.Stream(0x10, 0x100), TsBuilder.aac()).bytes());
  }

  @Test
  void anUnknownAudioCodecIsUnsupported() {
    byte[] dts = TsBuilder.descriptor(0x7B, new byte[2]);
    assertUnsupported(
        FailureReason.UNKNOWN_AUDIO,
        program(new TsBuilder.Stream(0x1B, 0x100), new TsBuilder.Stream(0x06, 0x101, dts)).bytes());
  }

  @Test
  void severalProgramsAreUnsupported() {
    assertUnsupported(
        FailureReason.MULTIPLE_PROGRAMS, new TsBuilder().pat(0, 1, 0x1000, 2, 0x1001).bytes());
  }

  @Test
  void noKeyframeInTwoLongGopsIsUnsupported() {
    TsBuilder ts = new TsBuilder().tables();
    for (int frame = 0; frame <= 10 * 25 + 1; frame++) {
      ts.h264Frame(frame * 3600L + 3600, frame * 3600L, false);
    }
    assertUnsupported(FailureReason.NO_KEYFRAME, ts.bytes());
  }

  @Test
  void theByteBudgetEndsTheWaitWithWhatWasMissing() {
    TsBuilder ts = new TsBuilder();
    while (ts.size() < 2 * MIB + 188) {
      ts.aacFrame(0);
    }
    assertUnsupported(FailureReason.NO_PAT, ts.bytes());
  }

  @Test
  void aPatWithoutItsPmtRunsOutAsNoPmt() {
    TsBuilder ts = new TsBuilder().pat(0, 1, TsBuilder.PMT_PID);
    while (ts.size() < 2 * MIB + 188) {
      ts.aacFrame(0);
    }
    assertUnsupported(FailureReason.NO_PMT, ts.bytes());
  }

  @Test
  void aSupportedStreamTurnsUnsupportedWhenItsPmtDoes() {
    TestStream stream = new TestStream(25).frames(3);
    assertEquals(SUPPORTED, feed(stream.bytes()));
    int fed = stream.ts.size();
    stream.program(1, new TsBuilder.Stream(0xEA, TsBuilder.VIDEO_PID)).tables();
    assertUnsupported(
        FailureReason.UNKNOWN_VIDEO, Arrays.copyOfRange(stream.bytes(), fed, stream.ts.size()));
  }

  @Test
  void aSupportedStreamTurnsUnsupportedWhenItsVideoIsScrambled() {
    TestStream stream = new TestStream(25).frames(3);
    assertEquals(SUPPORTED, feed(stream.bytes()));
    byte[] packet = TsBuilder.packet(TsBuilder.VIDEO_PID, false, 5, null, TsBuilder.filler(184));
    packet[3] |= (byte) 0x80;
    assertUnsupported(FailureReason.SCRAMBLED, packet);
  }
}
