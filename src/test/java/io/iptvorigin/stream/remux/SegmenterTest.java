package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {
  private static final int MIB = 1024 * 1024;
  private static final int TELETEXT_PID = 0x102;
  private static final TsBuilder.Stream H264 = new TsBuilder.Stream(0x1B, TsBuilder.VIDEO_PID);

  private final CollectingSink sink = new CollectingSink();
  private final PacketFramer framer = new PacketFramer();
  private final TsDemuxer demuxer = new TsDemuxer();
  private Segmenter segmenter = segmenter(16 * MIB, sink);
  private final PacketFramer.PacketHandler handler =
      (b, o) -> segmenter.accept(b, o, demuxer.read(b, o), demuxer);

  /** 4 s segments, the first one 1 s. */
  private static Segmenter segmenter(int cap, SegmentSink sink) {
    return new Segmenter(new RemuxOptions(4, 1, 1, cap, 10, 3, 16L * MIB, 65_536, MIB), sink);
  }

  private void feed(byte[] input) {
    for (int at = 0; at < input.length; at += 1316) {
      framer.push(ByteBuffer.wrap(input, at, Math.min(1316, input.length - at)), handler);
    }
  }

  private void end(byte[] input) {
    feed(input);
    framer.finish(handler);
    segmenter.finish();
  }

  private static long seconds(double s) {
    return Timestamps.ticks(s);
  }

  /** The segment's packets after the PAT and PMT put in front. */
  private static List<byte[]> body(CollectingSink.Segment segment) {
    List<byte[]> packets = segment.packets();
    return packets.subList(2, packets.size());
  }

  @Test
  void segmentsEndAtTheFirstKeyframeAfterTheirTarget() {
    end(new TestStream(25).frames(25 * 13).bytes());
    assertEquals(List.of(1.0, 4.0, 4.0, 4.0), sink.durations());
    assertEquals(List.of(false, false, false, false), sink.discontinuities());
  }

  @Test
  void everySegmentBeginsWithPatPmtAndAKeyframe() {
    end(new TestStream(25).frames(25 * 9).bytes());
    for (CollectingSink.Segment segment : sink.segments) {
      List<byte[]> packets = segment.packets();
      assertEquals(0, Packets.pid(packets.get(0)));
      assertEquals(TsBuilder.PMT_PID, Packets.pid(packets.get(1)));
      byte[] first = packets.get(2);
      assertEquals(TsBuilder.VIDEO_PID, Packets.pid(first));
      assertTrue(Packets.unitStart(first));
      long frame = (Packets.pts(first) - TestStream.START - TestStream.FRAME) / TestStream.FRAME;
      assertEquals(0, frame % 25, "frame " + frame + " is a keyframe");
    }
  }

  @Test
  void theSegmentsHoldExactlyTheInputPacketsFromTheFirstKeyframeOn() {
    TestStream stream = new TestStream(25);
    stream.program(0, H264, TsBuilder.aac(), new TsBuilder.Stream(0x06, TELETEXT_PID));
    for (int second = 0; second < 9; second++) {
      stream.frames(12);
      stream.ts.pes(TELETEXT_PID, TsBuilder.pesPacket(0xBD, 0, -1, TsBuilder.filler(400)), null);
      stream.ts.nullPacket();
      stream.frames(13);
    }
    byte[] input = stream.bytes();
    end(input);

    List<byte[]> expected = new ArrayList<>(Packets.without(Packets.of(input), TsPacket.NULL_PID));
    int firstVideo = 0;
    while (Packets.pid(expected.get(firstVideo)) != TsBuilder.VIDEO_PID) {
      firstVideo++;
    }
    List<byte[]> out = new ArrayList<>();
    sink.segments.forEach(s -> out.addAll(body(s)));
    assertEquals(3, sink.segments.size());
    assertArrayEquals(
        Packets.join(expected.subList(firstVideo, expected.size())), Packets.join(out));
  }

  @Test
  void theTablesPutInFrontLeadIntoTheUpstreamCounters() {
    end(new TestStream(25).frames(25 * 9).bytes());
    for (CollectingSink.Segment segment : sink.segments) {
      List<byte[]> packets = segment.packets();
      for (int pid : new int[] {0, TsBuilder.PMT_PID}) {
        List<byte[]> onPid = packets.stream().filter(p -> Packets.pid(p) == pid).toList();
        assertTrue(onPid.size() > 1);
        assertEquals(
            (Packets.counter(onPid.get(0)) + 1) & 0x0F,
            Packets.counter(onPid.get(1)),
            "pid " + pid);
      }
    }
  }

  @Test
  void aGopLongerThanTheTargetMakesSegmentsOfOneGop() {
    end(new TestStream(125).frames(25 * 16).bytes());
    assertEquals(List.of(5.0, 5.0, 5.0, 1.0), sink.durations());
  }

  @Test
  void durationsGoOnAcrossThePtsWrap() {
    long start = Timestamps.WRAP - seconds(6);
    end(new TestStream(25, start).frames(25 * 13).bytes());
    assertEquals(List.of(1.0, 4.0, 4.0, 4.0), sink.durations());
    assertEquals(0, segmenter.discontinuities());
  }

  @Test
  void aForwardJumpEndsTheSegmentAndMarksTheNextDiscontinuous() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    stream.jump(seconds(10)).newGop().frames(25 * 5);
    end(stream.bytes());
    assertEquals(List.of(1.0, 2.0, 4.0, 1.0), sink.durations());
    assertEquals(List.of(false, false, true, false), sink.discontinuities());
    assertEquals(1, segmenter.discontinuities());
  }

  @Test
  void oldTimelineAudioMuxedAfterTheJumpStaysOutOfTheNewSegment() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    long oldAudio = TestStream.START + 25 * 3 * TestStream.FRAME;
    stream.jump(seconds(30)).newGop().frames(1);
    // Audio of the old timeline that the upstream muxed after the new timeline's keyframe.
    stream.ts.aacFrame(oldAudio).aacFrame(oldAudio + TestStream.AUDIO_FRAME);
    stream.frames(25 * 2);
    end(stream.bytes());
    CollectingSink.Segment fresh =
        sink.segments.stream().filter(CollectingSink.Segment::discontinuity).findFirst().get();
    List<Long> audio =
        body(fresh).stream()
            .filter(p -> Packets.pid(p) == TsBuilder.AUDIO_PID && Packets.unitStart(p))
            .map(Packets::pts)
            .toList();
    assertTrue(audio.size() > 50, "the new timeline's audio is kept: " + audio.size());
    assertTrue(
        audio.stream().allMatch(pts -> pts >= TestStream.START + seconds(30)),
        "no audio of the old timeline: " + audio);
    long audioPackets =
        body(fresh).stream().filter(p -> Packets.pid(p) == TsBuilder.AUDIO_PID).count();
    assertEquals(2 * audio.size(), audioPackets, "whole PES packets only (two packets each)");
  }

  @Test
  void aGopLongerThanTheShortSegmentsIsCutAtEachKeyframeAndNeverCountsAsMissing() {
    // 4 s GOP, six 1 s short segments planned: each cut falls 3 s further behind the plan.
    segmenter =
        new Segmenter(new RemuxOptions(4, 1, 6, 16 * MIB, 10, 3, 16L * MIB, 65_536, MIB), sink);
    end(new TestStream(100).frames(25 * 40).bytes());
    assertNull(segmenter.failure());
    assertEquals(List.of(4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0), sink.durations());
  }

  @Test
  void aBackwardJumpIsADiscontinuity() {
    TestStream stream = new TestStream(25, seconds(100)).frames(25 * 3);
    stream.jump(-seconds(50)).newGop().frames(25 * 2);
    end(stream.bytes());
    assertEquals(List.of(1.0, 2.0, 2.0), sink.durations());
    assertEquals(List.of(false, false, true), sink.discontinuities());
  }

  @Test
  void aSmallGapIsNoDiscontinuity() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    stream.jump(seconds(1)).frames(25 * 3);
    end(stream.bytes());
    assertEquals(0, segmenter.discontinuities());
    assertEquals(List.of(false, false, false), sink.discontinuities());
  }

  @Test
  void afterAJumpPacketsUpToTheNextKeyframeAreDropped() {
    TestStream stream = new TestStream(25).frames(25 * 2 + 5);
    stream.jump(seconds(10)).frames(12).newGop().frames(25 * 2);
    end(stream.bytes());
    assertEquals(List.of(1.0, 1.2, 2.0), sink.durations());
    byte[] first = sink.segments.get(2).packets().get(2);
    long expected = TestStream.START + seconds(10) + 68 * TestStream.FRAME;
    assertEquals(expected, Packets.pts(first), "the keyframe after the twelve frames dropped");
  }

  @Test
  void theDiscontinuityIndicatorOnThePcrPidEndsTheSegment() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    TsBuilder.Adaptation newTimeBase = new TsBuilder.Adaptation(true, false, 0);
    stream.ts.raw(TsBuilder.adaptationOnly(TsBuilder.VIDEO_PID, 0, newTimeBase));
    stream.newGop().frames(25 * 2);
    end(stream.bytes());
    assertEquals(List.of(1.0, 2.0, 2.0), sink.durations());
    assertEquals(List.of(false, false, true), sink.discontinuities());
  }

  @Test
  void aNewPmtEndsTheSegmentAndTheNextBeginsWithIt() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    TsBuilder.Stream ac3 = new TsBuilder.Stream(0x81, 0x103);
    stream.program(1, H264, TsBuilder.aac(), ac3).tables().newGop().frames(25 * 2);
    end(stream.bytes());
    assertEquals(List.of(1.0, 2.0, 2.0), sink.durations());
    assertEquals(List.of(false, false, true), sink.discontinuities());
    byte[] pmt = sink.segments.get(2).packets().get(1);
    int sectionAt = Packets.payloadOffset(pmt) + 1;
    assertEquals(1, (pmt[sectionAt + 5] >> 1) & 0x1F, "PMT version 1 in front");
  }

  @Test
  void aChangeBeforeTheFirstSegmentIsNoDiscontinuity() {
    TestStream stream = new TestStream(25).newGop();
    stream.tables().program(1, H264, TsBuilder.aac()).tables().frames(25 * 2);
    end(stream.bytes());
    assertEquals(List.of(false, false), sink.discontinuities());
  }

  @Test
  void aSegmentPastTheCapFailsTheRemuxWithinTheCap() {
    segmenter = segmenter(200 * 188, sink);
    feed(new TestStream(25).frames(25 * 5).bytes());
    assertEquals(FailureReason.SEGMENT_TOO_LARGE, segmenter.failure());
    assertTrue(segmenter.bufferBytes() <= 200 * 188);
  }

  @Test
  void keyframesThatStopComingFailTheRemux() {
    TestStream stream = new TestStream(100_000).frames(25 * 10);
    feed(stream.bytes());
    assertNull(segmenter.failure(), "9 s past the first segment's planned end is allowed");
    TsBuilder before = stream.ts;
    int read = before.size();
    stream.frames(25 * 3);
    byte[] all = stream.bytes();
    feed(Arrays.copyOfRange(all, read, all.length));
    assertEquals(FailureReason.NO_KEYFRAME, segmenter.failure());
    assertEquals(1, sink.drops, "what the sink had of the segment in flight is dropped");
    assertEquals(0, sink.inFlightBytes());
  }

  @Test
  void theSegmentInFlightGoesToTheSinkAsItGrowsSoOnlyAFewPacketsAreHeld() {
    byte[] input = new TestStream(250).frames(25 * 31).bytes(); // 10 s segments
    int most = 0;
    for (int at = 0; at < input.length; at += 1316) {
      framer.push(ByteBuffer.wrap(input, at, Math.min(1316, input.length - at)), handler);
      most = Math.max(most, segmenter.bufferBytes());
    }
    framer.finish(handler);
    segmenter.finish();
    assertEquals(List.of(10.0, 10.0, 10.0, 1.0), sink.durations());
    int segment = sink.segments.get(1).data().length;
    assertTrue(segment > 3 * Segmenter.FLUSH_BYTES, "a segment of " + segment + " bytes");
    assertTrue(most <= 2 * Segmenter.FLUSH_BYTES, "held at most " + most + " bytes");
    assertTrue(sink.writes >= 3 * 3, sink.writes + " writes");
    assertEquals(0, sink.drops);
  }

  @Test
  void discontinuitiesWithoutEndFailTheRemuxRatherThanWaitForever() {
    segmenter = new Segmenter(new RemuxOptions(4, 1, 1, 16 * MIB, 10, 3, MIB, 65_536, MIB), sink);
    TestStream stream = new TestStream(100_000).frames(25 * 3); // one keyframe, at the start
    int version = 0;
    while (stream.ts.size() < 2 * MIB) {
      version++;
      stream.program(version % 32, H264, TsBuilder.aac()).tables().frames(1);
    }
    feed(stream.bytes());
    assertEquals(FailureReason.NO_KEYFRAME, segmenter.failure());
    assertEquals(List.of(3.0), sink.durations(), "the segment before the PMT began to flip");
  }

  @Test
  void aFailingSinkFailsTheRemux() {
    segmenter =
        segmenter(
            16 * MIB,
            new SegmentSink() {
              @Override
              public void write(ByteBuffer data) {
                throw new IllegalStateException("disk full");
              }

              @Override
              public void end(double seconds, boolean discontinuity) {}

              @Override
              public void drop() {}
            });
    feed(new TestStream(25).frames(25 * 3).bytes());
    assertEquals(FailureReason.OUTPUT_ERROR, segmenter.failure());
    assertEquals("disk full", segmenter.failureCause().getMessage());
  }

  @Test
  void continuityGapsInTheInputArePassedOnNotRepaired() {
    byte[] input = new TestStream(25).frames(25 * 6).bytes();
    List<byte[]> packets = new ArrayList<>(Packets.of(input));
    packets.remove(400); // a packet lost mid-segment
    end(Packets.join(packets));
    assertEquals(List.of(1.0, 4.0), sink.durations().subList(0, 2));
    assertEquals(1, demuxer.continuityGaps());
  }
}
