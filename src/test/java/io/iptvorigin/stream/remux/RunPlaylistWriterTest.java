package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.ChannelPlaylist;
import io.iptvorigin.stream.hls.HlsPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlaylistWriterTest {
  private static final long START = 1_796_313_765L;
  @TempDir Path dir;
  private HlsPaths paths;
  private final MovingClock clock = new MovingClock();
  private RunPlaylistWriter writer;

  static final class MovingClock extends Clock {
    Instant now = Instant.ofEpochSecond(START);

    @Override
    public Instant now() {
      return now;
    }
  }

  @BeforeEach
  void setUp() {
    paths = new HlsPaths(dir);
    writer =
        new RunPlaylistWriter(
            paths,
            "7",
            "abcdef01",
            new StreamSettings.HlsOptions(2, 1.0, 3),
            clock,
            ZoneOffset.UTC);
  }

  private void segment(double seconds, boolean discontinuity, byte... data) {
    clock.now = clock.now.plusMillis(Math.round(seconds * 1000));
    writer.segment(ByteBuffer.wrap(data).asReadOnlyBuffer(), seconds, discontinuity);
  }

  private String runPlaylist() throws IOException {
    return Files.readString(paths.runPlaylist("7"));
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("runs"))
          .sorted()
          .toList();
    }
  }

  private static String name(long n) {
    return "stream_7_abcdef01_" + n + ".ts";
  }

  @Test
  void theFirstSegmentIsWrittenAndListedAsFfmpegListsIt() throws Exception {
    segment(1.0, false, (byte) 0x47, (byte) 1, (byte) 2);
    assertArrayEquals(new byte[] {0x47, 1, 2}, Files.readAllBytes(dir.resolve(name(START))));
    assertEquals(
        "#EXTM3U\n"
            + "#EXT-X-VERSION:6\n"
            + "#EXT-X-TARGETDURATION:1\n"
            + "#EXT-X-MEDIA-SEQUENCE:"
            + START
            + "\n"
            + "#EXT-X-INDEPENDENT-SEGMENTS\n"
            + "#EXTINF:1.000000,\n"
            + "#EXT-X-PROGRAM-DATE-TIME:2026-12-03T16:02:45.000+0000\n"
            + name(START)
            + "\n",
        runPlaylist());
    assertTrue(paths.runIsPlayable("7"));
    assertEquals(List.of(name(START)), filesInDir(), "no temp file left behind");
  }

  @Test
  void theWindowSlidesAndOldSegmentsGoTwoSegmentsAfterLeavingIt() throws Exception {
    for (int i = 0; i < 7; i++) {
      segment(2.0, false, (byte) 0x47, (byte) i);
    }
    String text = runPlaylist();
    assertTrue(text.contains("#EXT-X-MEDIA-SEQUENCE:" + (START + 4) + "\n"), text);
    List<ChannelPlaylist.RunSegment> listed = ChannelPlaylist.runSegments(text);
    assertEquals(
        List.of(name(START + 4), name(START + 5), name(START + 6)),
        listed.stream().map(ChannelPlaylist.RunSegment::uri).toList());
    // Listed three, and the two that left last are still there for players a playlist behind.
    assertEquals(
        Stream.of(2, 3, 4, 5, 6).map(i -> name(START + i)).sorted().toList(), filesInDir());
  }

  @Test
  void programDatesFollowMediaTimeWithinATimelineAndTheClockAfterADiscontinuity() throws Exception {
    segment(1.0, false, (byte) 0x47);
    segment(2.0, false, (byte) 0x47);
    clock.now = clock.now.plusSeconds(30); // the upstream paused
    segment(2.0, true, (byte) 0x47);
    List<ChannelPlaylist.RunSegment> listed = ChannelPlaylist.runSegments(runPlaylist());
    assertEquals("2026-12-03T16:02:45.000+0000", listed.get(0).programDateTime());
    assertEquals("2026-12-03T16:02:46.000+0000", listed.get(1).programDateTime());
    assertEquals("2026-12-03T16:03:18.000+0000", listed.get(2).programDateTime());
    assertTrue(runPlaylist().contains("#EXT-X-DISCONTINUITY\n#EXTINF:2.000000,\n"));
  }

  @Test
  void aDiscontinuityThatLeavesTheWindowIsCounted() throws Exception {
    segment(2.0, false, (byte) 0x47);
    segment(2.0, true, (byte) 0x47);
    for (int i = 0; i < 3; i++) {
      segment(2.0, false, (byte) 0x47);
    }
    String text = runPlaylist();
    assertTrue(text.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), text);
    assertFalse(text.contains("#EXT-X-DISCONTINUITY\n"), text);
  }

  @Test
  void theTargetDurationIsTheLongestListedSegmentRounded() throws Exception {
    segment(1.0, false, (byte) 0x47);
    segment(2.4, false, (byte) 0x47);
    assertTrue(runPlaylist().contains("#EXT-X-TARGETDURATION:2\n"));
    segment(3.6, false, (byte) 0x47);
    assertTrue(runPlaylist().contains("#EXT-X-TARGETDURATION:4\n"));
  }

  @Test
  void theChannelPlaylistTakesTheRunAsItTakesFfmpegs() throws Exception {
    for (int i = 0; i < 4; i++) {
      segment(i == 0 ? 1.0 : 2.0, false, (byte) 0x47);
    }
    List<ChannelPlaylist.RunSegment> listed = ChannelPlaylist.runSegments(runPlaylist());
    ChannelPlaylist channel = ChannelPlaylist.empty(START, 2);
    channel.append("abcdef01", listed, 5);
    assertEquals(3, channel.entries().size());
    assertEquals(name(START + 1), channel.entries().get(0).uri());
    assertEquals("abcdef01", channel.entries().get(0).run());
    assertEquals(2.0, channel.entries().get(0).seconds(), 1e-9);
    assertEquals("2026-12-03T16:02:46.000+0000", channel.entries().get(0).programDateTime());
  }

  @Test
  void aSegmentThatCannotBeWrittenThrowsForTheRemuxerToFail() throws Exception {
    Files.delete(dir.resolve("runs"));
    Files.delete(dir);
    assertThrows(UncheckedIOException.class, () -> segment(1.0, false, (byte) 0x47));
  }

  @Test
  void theSegmentIsReadWithoutMovingTheLentBuffer() {
    ByteBuffer data = ByteBuffer.wrap(new byte[] {0x47, 0, 0}).asReadOnlyBuffer();
    writer.segment(data, 1.0, false);
    assertEquals(0, data.position());
    assertEquals(START + 1, writer.nextNumber());
  }

  @Test
  void aSegmentGrowsUnderItsTemporaryNameAndAppearsWholeWhenItEnds() throws Exception {
    writer.write(ByteBuffer.wrap(new byte[] {0x47, 1}));
    writer.write(ByteBuffer.wrap(new byte[] {2, 3}));
    assertEquals(List.of(name(START) + ".tmp"), filesInDir(), "not under its own name yet");
    assertFalse(Files.exists(paths.runPlaylist("7")), "nor listed");
    clock.now = clock.now.plusSeconds(1);
    writer.end(1.0, false);
    assertEquals(List.of(name(START)), filesInDir());
    assertArrayEquals(new byte[] {0x47, 1, 2, 3}, Files.readAllBytes(dir.resolve(name(START))));
    assertTrue(runPlaylist().contains(name(START)));
  }

  @Test
  void aDroppedSegmentLeavesNoFileAndTheNextOneTakesItsNumber() throws Exception {
    writer.write(ByteBuffer.wrap(new byte[] {0x47, 1}));
    writer.drop();
    assertEquals(List.of(), filesInDir());
    segment(1.0, false, (byte) 0x47, (byte) 9);
    assertEquals(List.of(name(START)), filesInDir());
    assertArrayEquals(new byte[] {0x47, 9}, Files.readAllBytes(dir.resolve(name(START))));
  }
}
