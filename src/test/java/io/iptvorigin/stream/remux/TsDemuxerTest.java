package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TsDemuxerTest {
  private final TsDemuxer demuxer = new TsDemuxer();

  /** What one packet told, copied out of the reused facts. */
  record Fact(
      int pid,
      boolean stuffing,
      boolean scrambled,
      boolean programChanged,
      boolean timeBase,
      boolean videoStart,
      boolean timestamps,
      long pts,
      long dts,
      boolean keyframe) {}

  private List<Fact> read(byte[] bytes) {
    List<Fact> facts = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += 188) {
      PacketFacts f = demuxer.read(bytes, at);
      facts.add(
          new Fact(
              f.pid,
              f.stuffing,
              f.scrambled,
              f.programChanged,
              f.timeBaseDiscontinuity,
              f.videoStart,
              f.videoTimestamps,
              f.pts,
              f.dts,
              f.keyframe));
    }
    return facts;
  }

  private static long count(List<Fact> facts, Predicate<Fact> which) {
    return facts.stream().filter(which).count();
  }

  @Test
  void thePmtMakesTheProgramKnownOnce() {
    TsBuilder ts = new TsBuilder().tables().tables().tables();
    List<Fact> facts = read(ts.bytes());
    assertEquals(2, count(facts, Fact::programChanged), "the first PAT and the first PMT");
    assertTrue(facts.get(1).programChanged(), "on the PMT packet");
    ProgramMap program = demuxer.tables().program();
    assertEquals(TsBuilder.VIDEO_PID, program.video().pid());
    assertEquals(TsBuilder.PMT_PID, demuxer.tables().pmtPid());
  }

  @Test
  void aNewPmtVersionIsAProgramChange() {
    TsBuilder ts = new TsBuilder().tables();
    ts.pmt(1, 0x200, new TsBuilder.Stream(0x24, 0x200), TsBuilder.aac());
    List<Fact> facts = read(ts.bytes());
    assertTrue(facts.get(2).programChanged());
    assertEquals(Codec.HEVC, demuxer.tables().video().codec());
    assertEquals(0x200, demuxer.tables().video().pid());
  }

  @Test
  void aPatMovingThePmtDropsTheProgramUntilTheNewPmt() {
    TsBuilder ts = new TsBuilder().tables().pat(1, 1, 0x1001);
    List<Fact> facts = read(ts.bytes());
    assertTrue(facts.get(2).programChanged());
    assertNull(demuxer.tables().program());
    assertEquals(0x1001, demuxer.tables().pmtPid());
  }

  @Test
  void aPatThatKeepsTheProgramIsNoChange() {
    TsBuilder ts = new TsBuilder().tables().pat(3, 1, TsBuilder.PMT_PID);
    List<Fact> facts = read(ts.bytes());
    assertFalse(facts.get(2).programChanged());
    assertEquals(3, demuxer.tables().pat().version(), "the new PAT goes into segments");
  }

  @Test
  void aPmtOverSeveralPacketsIsRead() {
    TsBuilder.Stream[] streams = new TsBuilder.Stream[30];
    streams[0] = new TsBuilder.Stream(0x1B, TsBuilder.VIDEO_PID);
    for (int i = 1; i < streams.length; i++) {
      streams[i] = new TsBuilder.Stream(0x06, 0x200 + i, TsBuilder.descriptor(0x59, new byte[8]));
    }
    TsBuilder ts = new TsBuilder().pat(0, 1, TsBuilder.PMT_PID).pmt(0, 0x100, streams);
    assertTrue(ts.size() > 3 * 188);
    read(ts.bytes());
    assertEquals(30, demuxer.tables().program().streams().size());
  }

  @Test
  void aVideoPesGivesItsStartTimestampsAndKeyframe() {
    TsBuilder ts = new TsBuilder().tables().h264Frame(93_600, 90_000, true);
    List<Fact> facts = read(ts.bytes());
    Fact start = facts.get(2);
    assertTrue(start.videoStart());
    assertTrue(start.timestamps());
    assertEquals(93_600, start.pts());
    assertEquals(90_000, start.dts());
    assertFalse(start.keyframe(), "the IDR slice comes after 600 bytes of SEI");
    assertEquals(1, count(facts, Fact::keyframe));
    int keyAt = facts.indexOf(facts.stream().filter(Fact::keyframe).findFirst().orElseThrow());
    assertTrue(keyAt > 4, "found in the packet that holds the slice, at " + keyAt);
  }

  @Test
  void theRandomAccessIndicatorAloneIsNotAKeyframe() {
    TsBuilder ts = new TsBuilder().tables();
    byte[] pes = TsBuilder.pesPacket(0xE0, 3600, -1, TsBuilder.h264(false, 300));
    ts.pes(TsBuilder.VIDEO_PID, pes, new TsBuilder.Adaptation(false, true, 0));
    List<Fact> facts = read(ts.bytes());
    assertEquals(1, count(facts, Fact::videoStart));
    assertEquals(0, count(facts, Fact::keyframe));
  }

  @Test
  void lostPacketsInAPesBeforeItsSliceHideTheKeyframe() {
    TsBuilder whole = new TsBuilder().tables().h264Frame(3600, 0, true);
    byte[] bytes = whole.bytes();
    // Drop the second video packet: the SEI is cut, the slice after it cannot be trusted.
    byte[] cut =
        TsBuilder.concat(
            Arrays.copyOf(bytes, 3 * 188), Arrays.copyOfRange(bytes, 4 * 188, bytes.length));
    List<Fact> facts = read(cut);
    assertEquals(0, count(facts, Fact::keyframe));
    assertEquals(1, demuxer.continuityGaps());
  }

  @Test
  void aRepeatedPacketIsNotReadTwice() {
    TsBuilder ts = new TsBuilder().tables();
    byte[] pes = TsBuilder.pesPacket(0xE0, 3600, -1, TsBuilder.h264(false, 100));
    byte[] packet = TsBuilder.packet(TsBuilder.VIDEO_PID, true, 0, null, pes);
    ts.raw(packet).raw(packet);
    List<Fact> facts = read(ts.bytes());
    assertEquals(1, count(facts, Fact::videoStart));
    assertEquals(0, demuxer.continuityGaps());
  }

  @Test
  void scrambledAndNullPacketsAreNotRead() {
    TsBuilder ts = new TsBuilder().tables();
    byte[] pes = TsBuilder.pesPacket(0xE0, 3600, -1, TsBuilder.h264(true, 100));
    byte[] packet = TsBuilder.packet(TsBuilder.VIDEO_PID, true, 0, null, Arrays.copyOf(pes, 184));
    packet[3] |= (byte) 0xC0;
    ts.raw(packet).nullPacket();
    List<Fact> facts = read(ts.bytes());
    assertTrue(facts.get(2).scrambled());
    assertFalse(facts.get(2).videoStart());
    assertTrue(facts.get(3).stuffing());
  }

  @Test
  void theDiscontinuityIndicatorMeansANewTimeBaseOnThePcrPidOnly() {
    TsBuilder ts = new TsBuilder().tables();
    TsBuilder.Adaptation discontinuity = new TsBuilder.Adaptation(true, false, -1);
    ts.raw(TsBuilder.adaptationOnly(TsBuilder.AUDIO_PID, 0, discontinuity));
    ts.raw(TsBuilder.adaptationOnly(TsBuilder.VIDEO_PID, 0, discontinuity));
    List<Fact> facts = read(ts.bytes());
    assertFalse(facts.get(2).timeBase());
    assertTrue(facts.get(3).timeBase());
  }

  @Test
  void hevcAndMpeg2VideoAreReadForKeyframes() {
    TsBuilder hevc =
        new TsBuilder()
            .pat(0, 1, TsBuilder.PMT_PID)
            .pmt(0, 0x100, new TsBuilder.Stream(0x24, TsBuilder.VIDEO_PID));
    hevc.pes(TsBuilder.VIDEO_PID, TsBuilder.pesPacket(0xE0, 0, -1, TsBuilder.hevc(19, 500)), null);
    assertEquals(1, count(read(hevc.bytes()), Fact::keyframe));

    TsDemuxer other = new TsDemuxer();
    TsBuilder mpeg2 =
        new TsBuilder()
            .pat(0, 1, TsBuilder.PMT_PID)
            .pmt(0, 0x100, new TsBuilder.Stream(0x02, TsBuilder.VIDEO_PID));
    mpeg2.pes(
        TsBuilder.VIDEO_PID, TsBuilder.pesPacket(0xE0, 0, -1, TsBuilder.mpeg2(true, 1, 500)), null);
    byte[] bytes = mpeg2.bytes();
    int keyframes = 0;
    for (int at = 0; at < bytes.length; at += 188) {
      keyframes += other.read(bytes, at).keyframe ? 1 : 0;
    }
    assertEquals(1, keyframes);
  }

  @Test
  void aBadCrcLeavesTheTablesAsTheyWere() {
    byte[] pmt = TsBuilder.pmtSection(1, 1, 0x100, new TsBuilder.Stream(0x24, 0x100));
    pmt[pmt.length - 1] ^= 1;
    TsBuilder ts = new TsBuilder().tables().section(TsBuilder.PMT_PID, pmt);
    List<Fact> facts = read(ts.bytes());
    assertFalse(facts.get(2).programChanged());
    assertEquals(Codec.H264, demuxer.tables().video().codec());
    assertEquals(1, demuxer.sectionErrors());
  }
}
