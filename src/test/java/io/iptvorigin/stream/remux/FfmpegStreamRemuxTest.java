package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.MediaTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remuxer on a real encoder's output: FFmpeg's H.264 (with B-frames) and AAC in FFmpeg's mpegts
 * muxer, a keyframe every second, pushed in random chunk sizes. The segments are read back with
 * ffprobe and decoded one by one with ffmpeg, as a player would fetch them.
 */
class FfmpegStreamRemuxTest {
  @TempDir static Path temp;
  private static byte[] input;
  private static List<CollectingSink.Segment> segments;
  private static TsRemuxer remuxer;

  @BeforeAll
  static void remuxSixSeconds() throws Exception {
    input = FfmpegTestStream.h264Aac(temp);
    CollectingSink sink = new CollectingSink();
    remuxer = new TsRemuxer(RemuxOptions.defaults(2, 1, 1), sink);
    Random random = new Random(18);
    for (int at = 0; at < input.length; ) {
      int n = Math.min(1 + random.nextInt(9000), input.length - at);
      remuxer.push(input, at, n);
      at += n;
    }
    remuxer.finish();
    segments = sink.segments;
  }

  private static Path write(int i) throws Exception {
    Path file = temp.resolve("segment" + i + ".ts");
    Files.write(file, segments.get(i).data());
    return file;
  }

  private static String probe(Path file, String entries) {
    MediaTools.Result result = MediaTools.probe(file.toString(), entries);
    assertEquals(0, result.exit(), result.output());
    return result.output().strip();
  }

  @Test
  void theStreamIsRemuxedIntoSegmentsOfTheTargetLength() {
    assertEquals(TsRemuxer.State.ENDED, remuxer.state());
    assertNull(remuxer.failure());
    assertEquals("h264@0x100 aac@0x101", remuxer.streams());
    assertEquals(4, segments.size(), "1 s, then 2 s, 2 s, and the last second");
    assertEquals(1.0, segments.get(0).seconds(), 0.001);
    assertEquals(2.0, segments.get(1).seconds(), 0.001);
    assertEquals(2.0, segments.get(2).seconds(), 0.001);
    double total = segments.stream().mapToDouble(CollectingSink.Segment::seconds).sum();
    assertEquals(6.0, total, 0.1);
  }

  @Test
  void everySegmentBeginsWithPatPmtThenAKeyframe() throws Exception {
    for (int i = 0; i < segments.size(); i++) {
      List<byte[]> packets = segments.get(i).packets();
      assertEquals(0, Packets.pid(packets.get(0)), "segment " + i);
      assertEquals(0x1000, Packets.pid(packets.get(1)), "segment " + i);
      assertEquals(0x100, Packets.pid(packets.get(2)), "segment " + i);
      assertTrue(Packets.unitStart(packets.get(2)));
      String first = MediaTools.firstVideoPacket(write(i).toString()).output().strip();
      String flags = first.substring(first.indexOf(',') + 1);
      assertTrue(flags.startsWith("K"), "segment " + i + " first video packet: " + flags);
    }
  }

  @Test
  void theSegmentsHoldExactlyTheUpstreamPacketsAfterTheTablesPutInFront() {
    List<byte[]> upstream = Packets.without(Packets.of(input), TsPacket.NULL_PID);
    int first = 0;
    while (Packets.pid(upstream.get(first)) != 0x100) {
      first++;
    }
    List<byte[]> remuxed = new ArrayList<>();
    for (CollectingSink.Segment segment : segments) {
      List<byte[]> packets = segment.packets();
      remuxed.addAll(packets.subList(2, packets.size()));
    }
    assertArrayEquals(
        Packets.join(upstream.subList(first, upstream.size())), Packets.join(remuxed));
  }

  @Test
  void eachSegmentHasTheUpstreamStreamsAndDecodesAlone() throws Exception {
    String entries = "stream=codec_name,codec_type,width,height,sample_rate,channels";
    String expected = probe(temp.resolve("upstream.ts"), entries);
    assertTrue(expected.contains("h264") && expected.contains("aac"), expected);
    for (int i = 0; i < segments.size(); i++) {
      Path segment = write(i);
      assertEquals(expected, probe(segment, entries), "segment " + i);
      MediaTools.Result decoded =
          MediaTools.run(
              List.of(
                  "ffmpeg",
                  "-nostdin",
                  "-v",
                  "error",
                  "-i",
                  segment.toString(),
                  "-f",
                  "null",
                  "-"));
      assertEquals(0, decoded.exit());
      assertEquals("", decoded.output().strip(), "segment " + i + " decodes without an error");
    }
  }
}
