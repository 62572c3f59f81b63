package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.stream.StreamSettings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsRemuxerTest {
  private static final int MIB = 1024 * 1024;
  private static final RemuxOptions OPTIONS = RemuxOptions.defaults(4, 1, 1);

  private final CollectingSink sink = new CollectingSink();
  private final TsRemuxer remuxer = new TsRemuxer(OPTIONS, sink);

  private static void push(TsRemuxer remuxer, byte[] input, Random chunks) {
    int at = 0;
    while (at < input.length) {
      int n = Math.min(1 + chunks.nextInt(4000), input.length - at);
      remuxer.push(input, at, n);
      at += n;
    }
  }

  /** Each segment: PAT, PMT, then the start of a video PES packet. */
  private static void assertSegmentsBeginWithTablesAndVideo(List<CollectingSink.Segment> segments) {
    for (CollectingSink.Segment segment : segments) {
      List<byte[]> packets = segment.packets();
      assertEquals(0, Packets.pid(packets.get(0)));
      assertEquals(TsBuilder.PMT_PID, Packets.pid(packets.get(1)));
      assertEquals(TsBuilder.VIDEO_PID, Packets.pid(packets.get(2)));
      assertTrue(Packets.unitStart(packets.get(2)));
      assertTrue(segment.seconds() > 0);
    }
  }

  @Test
  void aStreamIsCheckedThenRemuxedThenEnded() {
    TestStream stream = new TestStream(25);
    assertEquals(TsRemuxer.State.CHECKING, remuxer.state());
    remuxer.push(stream.frames(5).bytes(), 0, stream.ts.size());
    assertEquals(TsRemuxer.State.REMUXING, remuxer.state());
    assertEquals("h264@0x100 aac@0x101", remuxer.streams());
    int before = stream.ts.size();
    byte[] all = stream.frames(25 * 6).bytes();
    remuxer.push(all, before, all.length - before);
    remuxer.finish();
    assertEquals(TsRemuxer.State.ENDED, remuxer.state());
    assertEquals(List.of(1.0, 4.0, 1.2), sink.durations());
    assertNull(remuxer.failure());
  }

  @Test
  void chunksOfRandomSizesGiveTheSameSegments() {
    byte[] input = new TestStream(25).frames(25 * 10).bytes();
    remuxer.push(ByteBuffer.wrap(input));
    remuxer.finish();
    CollectingSink other = new CollectingSink();
    TsRemuxer chunked = new TsRemuxer(OPTIONS, other);
    push(chunked, input, new Random(1));
    chunked.finish();
    assertEquals(sink.segments.size(), other.segments.size());
    for (int i = 0; i < sink.segments.size(); i++) {
      assertArrayEquals(sink.segments.get(i).data(), other.segments.get(i).data());
    }
  }

  @Test
  void pushConsumesTheBuffer() {
    ByteBuffer direct = ByteBuffer.allocateDirect(188 * 20);
    direct.put(new TestStream(25).frames(1).bytes(), 0, 188 * 20).flip();
    remuxer.push(direct);
    assertFalse(direct.hasRemaining());
    assertEquals(188 * 20, remuxer.stats().bytes());
  }

  @Test
  void anHtmlPageFailsAsNotTsAndLaterInputIsIgnored() {
    remuxer.push(ByteBuffer.wrap(TsBuilder.html(100_000)));
    assertEquals(TsRemuxer.State.FAILED, remuxer.state());
    assertEquals(FailureReason.NOT_TS, remuxer.failure());
    assertEquals("not_ts", remuxer.failure().word());
    ByteBuffer more = ByteBuffer.wrap(new TestStream(25).frames(50).bytes());
    remuxer.push(more);
    assertFalse(more.hasRemaining());
    assertEquals(100_000, remuxer.stats().bytes());
    assertEquals(0, remuxer.stats().bufferBytes(), "memory given back");
  }

  @Test
  void anUnsupportedStreamFailsWithTheCheckReason() {
    TsBuilder ts = new TsBuilder().pat(0, 1, TsBuilder.PMT_PID);
    ts.pmt(0, 0x100, new TsBuilder.Stream(0x10, 0x100), TsBuilder.aac()).nullPacket().nullPacket();
    remuxer.push(ByteBuffer.wrap(ts.bytes()));
    assertEquals(FailureReason.UNKNOWN_VIDEO, remuxer.failure());
  }

  @Test
  void shortGarbageMidStreamIsSkipped() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    stream.ts.raw(TsBuilder.html(5000));
    stream.frames(25 * 6);
    push(remuxer, stream.bytes(), new Random(2));
    remuxer.finish();
    assertEquals(TsRemuxer.State.ENDED, remuxer.state());
    assertEquals(List.of(1.0, 4.0, 4.0), sink.durations());
    assertEquals(1, remuxer.stats().syncLosses());
    assertTrue(remuxer.stats().droppedBytes() >= 5000);
    assertSegmentsBeginWithTablesAndVideo(sink.segments);
  }

  @Test
  void aStreamThatTurnsToGarbageFailsAsLostSync() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    remuxer.push(ByteBuffer.wrap(stream.bytes()));
    remuxer.push(ByteBuffer.wrap(TsBuilder.html(2 * MIB)));
    assertEquals(FailureReason.LOST_SYNC, remuxer.failure());
  }

  @Test
  void aFailingSinkIsReportedWithItsException() {
    TsRemuxer failing =
        new TsRemuxer(
            OPTIONS,
            new CollectingSink() {
              @Override
              public void write(ByteBuffer data) {
                throw new IllegalStateException("no space left");
              }
            });
    failing.push(ByteBuffer.wrap(new TestStream(25).frames(25 * 3).bytes()));
    assertEquals(FailureReason.OUTPUT_ERROR, failing.failure());
    assertEquals("no space left", failing.failureCause().getMessage());
  }

  @Test
  void statsCountWhatHappened() {
    TestStream stream = new TestStream(25).frames(25 * 3);
    stream.jump(Timestamps.ticks(20)).newGop().frames(25 * 5);
    byte[] input = stream.bytes();
    List<byte[]> packets = new ArrayList<>(Packets.of(input));
    packets.remove(300);
    remuxer.push(ByteBuffer.wrap(Packets.join(packets)));
    RemuxStats stats = remuxer.stats();
    assertEquals(packets.size() - 1, stats.packets(), "the last waits for a next sync byte");
    assertEquals(1, stats.continuityGaps());
    assertEquals(1, stats.discontinuities());
    assertEquals(3, stats.segments());
    assertEquals(1 + 2 + 4 + 1, stats.mediaSeconds(), 1e-9, "to the end of the last frame");
    assertTrue(stats.bufferBytes() > 0);
  }

  @Test
  void optionsFollowTheHlsSettings() {
    RemuxOptions options = RemuxOptions.of(new StreamSettings.HlsOptions(4, 1.5, 6));
    assertEquals(4, options.segmentSeconds());
    assertEquals(1.5, options.firstSegmentSeconds());
    assertEquals(6, options.shortSegments(), "as FFmpeg's hls_init_time: the first playlist");
  }

  @Test
  void damagedStreamsNeverThrowNeverGrowAndOnlyGiveSegmentsThatBeginRight() {
    byte[] clean = new TestStream(25).frames(25 * 12).bytes();
    for (int seed = 0; seed < 60; seed++) {
      Random random = new Random(seed);
      byte[] damaged = damage(clean, random);
      CollectingSink out = new CollectingSink();
      RemuxOptions small = new RemuxOptions(4, 1, 1, 2 * MIB, 10, 3, 16L * MIB, 65_536, MIB);
      TsRemuxer r = new TsRemuxer(small, out);
      int most = 0;
      int at = 0;
      while (at < damaged.length) {
        int n = Math.min(1 + random.nextInt(3000), damaged.length - at);
        r.push(damaged, at, n);
        most = Math.max(most, r.stats().bufferBytes());
        at += n;
      }
      r.finish();
      assertNotEquals(
          FailureReason.INTERNAL_ERROR, r.failure(), "seed " + seed + ": " + r.failureCause());
      assertTrue(most <= 2 * MIB, "seed " + seed);
      assertSegmentsBeginWithTablesAndVideo(out.segments);
    }
  }

  @Test
  void randomPacketsOnTheProgramPidsNeverThrow() {
    int[] pids = {0, TsBuilder.PMT_PID, TsBuilder.VIDEO_PID, TsBuilder.AUDIO_PID};
    for (int seed = 0; seed < 30; seed++) {
      Random random = new Random(seed);
      TestStream stream = new TestStream(25).frames(10);
      for (int i = 0; i < 3000; i++) {
        byte[] p = new byte[188];
        random.nextBytes(p);
        p[0] = 0x47;
        int pid = pids[random.nextInt(pids.length)];
        p[1] = (byte) ((p[1] & 0xE0) | (pid >> 8));
        p[2] = (byte) pid;
        p[3] &= 0x3F; // not scrambled, or the check stops at once
        stream.ts.raw(p);
      }
      TsRemuxer r = new TsRemuxer(OPTIONS, new CollectingSink());
      push(r, stream.bytes(), random);
      r.finish();
      assertNotEquals(
          FailureReason.INTERNAL_ERROR, r.failure(), "seed " + seed + ": " + r.failureCause());
    }
  }

  /** Flips bytes, cuts out runs and inserts junk, as a bad network or upstream might. */
  private static byte[] damage(byte[] clean, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < clean.length) {
      int run = Math.min(clean.length - at, 500 + random.nextInt(20_000));
      byte[] piece = Arrays.copyOfRange(clean, at, at + run);
      for (int i = 0; i < 3; i++) {
        piece[random.nextInt(piece.length)] ^= (byte) (1 << random.nextInt(8));
      }
      out.writeBytes(piece);
      at += run;
      switch (random.nextInt(4)) {
        case 0 -> at += random.nextInt(1000); // lost bytes
        case 1 -> {
          byte[] junk = new byte[random.nextInt(600)];
          random.nextBytes(junk);
          out.writeBytes(junk);
        }
        default -> {}
      }
    }
    return out.toByteArray();
  }
}
