package io.iptvorigin.stream.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelPlaylistTest {
  private static List<ChannelPlaylist.RunSegment> run(String run, int from, int to) {
    List<ChannelPlaylist.RunSegment> segments = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      segments.add(
          new ChannelPlaylist.RunSegment(
              "stream_42_" + run + "_" + n + ".ts",
              4.0,
              "2026-12-02T08:00:0" + (n % 10) + ".000+0000"));
    }
    return segments;
  }

  private static List<String> uris(ChannelPlaylist playlist) {
    return playlist.entries().stream().map(ChannelPlaylist.Entry::uri).toList();
  }

  @Test
  void aRunsSegmentsAreAppendedOnceInOrderAndTheWindowSlides() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(1000, 4);
    assertEquals(List.of(), playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 3), 4));
    playlist.append("aaaaaaaa", run("aaaaaaaa", 2, 5), 4);
    assertEquals(
        List.of(
            "stream_42_aaaaaaaa_2.ts",
            "stream_42_aaaaaaaa_3.ts",
            "stream_42_aaaaaaaa_4.ts",
            "stream_42_aaaaaaaa_5.ts"),
        uris(playlist));
    assertEquals(1001, playlist.mediaSequence(), "one left the window");
    assertTrue(playlist.entries().stream().noneMatch(ChannelPlaylist.Entry::discontinuity));
    String text = playlist.render();
    assertTrue(text.startsWith("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n"), text);
    assertTrue(text.contains("#EXT-X-MEDIA-SEQUENCE:1001\n"), text);
    assertFalse(text.contains("DISCONTINUITY"), text);
    assertTrue(
        text.contains(
            "#EXTINF:4.000000,\n#EXT-X-PROGRAM-DATE-TIME:2026-12-02T08:00:02.000+0000\n"
                + "stream_42_aaaaaaaa_2.ts\n"),
        text);
  }

  @Test
  void aBreakMarkedInTheRunsOwnPlaylistIsKeptAndCountedOutLikeARunChange() {
    String runText =
        """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:4
        #EXT-X-MEDIA-SEQUENCE:1
        #EXTINF:4.000000,
        stream_42_aaaaaaaa_1.ts
        #EXTINF:4.000000,
        stream_42_aaaaaaaa_2.ts
        #EXT-X-DISCONTINUITY
        #EXTINF:3.500000,
        stream_42_aaaaaaaa_3.ts
        #EXTINF:4.000000,
        stream_42_aaaaaaaa_4.ts
        """;
    List<ChannelPlaylist.RunSegment> segments = ChannelPlaylist.runSegments(runText);
    assertEquals(
        List.of(false, false, true, false),
        segments.stream().map(ChannelPlaylist.RunSegment::discontinuity).toList());
    ChannelPlaylist playlist = ChannelPlaylist.empty(1000, 4);
    playlist.append("aaaaaaaa", segments, 4);
    String text = playlist.render();
    assertTrue(
        text.contains("stream_42_aaaaaaaa_2.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:3.500000,\n"), text);
    assertTrue(
        text.indexOf("#EXT-X-DISCONTINUITY\n") == text.lastIndexOf("#EXT-X-DISCONTINUITY\n"));

    // Once the marked segment leaves the window, the discontinuity sequence counts it.
    playlist.append("aaaaaaaa", run("aaaaaaaa", 5, 7), 4);
    assertEquals(
        1,
        playlist.render().lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY-SEQUENCE:1")).count(),
        playlist.render());
    assertFalse(playlist.render().contains("#EXT-X-DISCONTINUITY\n"));
  }

  @Test
  void aMarkOnTheVeryFirstSegmentIsDroppedAsThereIsNothingBeforeIt() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(1000, 4);
    playlist.append(
        "aaaaaaaa",
        List.of(new ChannelPlaylist.RunSegment("stream_42_aaaaaaaa_1.ts", 4.0, null, true)),
        4);
    assertFalse(playlist.entries().get(0).discontinuity());
  }

  @Test
  void aNewRunGoesOnWithOneDiscontinuityAndTheSequenceCountsItOut() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(1000, 4);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 4), 4);
    long before = playlist.nextSequence();
    List<ChannelPlaylist.Entry> gone = playlist.append("bbbbbbbb", run("bbbbbbbb", 7, 7), 4);
    assertEquals(1, gone.size());
    assertEquals("aaaaaaaa", gone.get(0).run());
    assertEquals(before + 1, playlist.nextSequence(), "numbering goes on");
    ChannelPlaylist.Entry first = playlist.entries().get(3);
    assertEquals("stream_42_bbbbbbbb_7.ts", first.uri());
    assertTrue(first.discontinuity());
    assertTrue(playlist.render().contains("#EXT-X-DISCONTINUITY\n#EXTINF:4.000000,"));
    assertEquals(0, playlist.discontinuitySequence());
    playlist.append("bbbbbbbb", run("bbbbbbbb", 7, 10), 4);
    assertEquals(0, playlist.discontinuitySequence(), "the mark is still listed");
    playlist.append("bbbbbbbb", run("bbbbbbbb", 8, 11), 4);
    assertEquals(1, playlist.discontinuitySequence(), "the marked segment left");
    String text = playlist.render();
    assertTrue(text.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), text);
    assertFalse(text.contains("#EXT-X-DISCONTINUITY\n"), text);
  }

  private static List<ChannelPlaylist.RunSegment> slate(String run, long number) {
    return List.of(
        new ChannelPlaylist.RunSegment(
            "stream_42_" + run + "_" + number + ".ts", 3.9, "2026-12-02T08:01:00.000+0000"));
  }

  @Test
  void slateSegmentsAreOneRunBetweenTwoMarksAndRollOffLikeAnyOther() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(1000, 4);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 3), 4);
    for (long n = 1003; n < 1006; n++) {
      playlist.append("5a7e0001", slate("5a7e0001", n), 4);
    }
    assertEquals(
        List.of(false, true, false, false),
        playlist.entries().stream().map(ChannelPlaylist.Entry::discontinuity).toList(),
        "one mark before the first slate segment");
    assertEquals(1002, playlist.mediaSequence());
    assertTrue(playlist.render().contains("#EXTINF:3.900000,\n#EXT-X-PROGRAM-DATE-TIME:"));
    assertTrue(playlist.render().contains("#EXT-X-TARGETDURATION:4\n"), "3.9 s fits in 4");

    List<ChannelPlaylist.Entry> gone = playlist.append("bbbbbbbb", run("bbbbbbbb", 1, 2), 4);
    assertEquals(
        List.of("aaaaaaaa", "5a7e0001"), gone.stream().map(ChannelPlaylist.Entry::run).toList());
    assertEquals(1, playlist.discontinuitySequence(), "the slate's mark left with its segment");
    assertEquals(
        List.of(false, false, true, false),
        playlist.entries().stream().map(ChannelPlaylist.Entry::discontinuity).toList(),
        "the next real run has its own mark");
    assertEquals(1004, playlist.mediaSequence());
    playlist.append("bbbbbbbb", run("bbbbbbbb", 1, 4), 4);
    assertEquals(1, playlist.discontinuitySequence(), "the real run's mark is still listed");
    playlist.append("bbbbbbbb", run("bbbbbbbb", 1, 5), 4);
    assertEquals(2, playlist.discontinuitySequence());
    assertEquals(1007, playlist.mediaSequence());
  }

  @Test
  void aRunTakenBackAfterTheSlateIsMarkedAgain() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(0, 4);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 2), 10);
    playlist.append("5a7e0001", slate("5a7e0001", 2), 10);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 4), 10);
    assertEquals(
        List.of(
            "stream_42_aaaaaaaa_1.ts",
            "stream_42_aaaaaaaa_2.ts",
            "stream_42_5a7e0001_2.ts",
            "stream_42_aaaaaaaa_3.ts",
            "stream_42_aaaaaaaa_4.ts"),
        uris(playlist));
    assertTrue(playlist.entries().get(3).discontinuity(), "its timestamps follow the slate's");
    assertFalse(playlist.entries().get(4).discontinuity());
  }

  @Test
  void theFirstRunOfAnEmptyPlaylistIsNoDiscontinuity() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(5, 4);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 1), 4);
    assertFalse(playlist.entries().get(0).discontinuity());
  }

  @Test
  void aRunPlaylistThatGoesBackIsIgnored() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(0, 4);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 5), 10);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 3), 10);
    assertEquals(5, playlist.entries().size());
  }

  @Test
  void whatWasWrittenIsReadBackAndContinued() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(1000, 4);
    playlist.append("aaaaaaaa", run("aaaaaaaa", 1, 4), 4);
    playlist.append("bbbbbbbb", run("bbbbbbbb", 1, 2), 4);
    ChannelPlaylist read = ChannelPlaylist.parse(playlist.render(), 4);
    assertEquals(playlist.entries(), read.entries());
    assertEquals(playlist.mediaSequence(), read.mediaSequence());
    read.append("bbbbbbbb", run("bbbbbbbb", 1, 3), 4);
    assertEquals("stream_42_bbbbbbbb_3.ts", read.entries().get(3).uri());
    assertEquals(1, read.entries().stream().filter(ChannelPlaylist.Entry::discontinuity).count());
  }

  @Test
  void anFfmpegWrittenPlaylistIsReadToo() {
    String ffmpeg =
        "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1796198099\n"
            + "#EXT-X-INDEPENDENT-SEGMENTS\n#EXTINF:4.000000,\nstream_42_0000abcd_1796198099.ts\n"
            + "#EXTINF:3.960000,\nstream_42_0000abcd_1796198100.ts\n";
    ChannelPlaylist read = ChannelPlaylist.parse(ffmpeg, 4);
    assertEquals(1796198099L, read.mediaSequence());
    assertEquals(2, read.entries().size());
    assertEquals("0000abcd", read.entries().get(1).run());
    assertEquals(3.96, read.entries().get(1).seconds(), 1e-9);
  }

  @Test
  void targetDurationCoversTheLongestSegment() {
    ChannelPlaylist playlist = ChannelPlaylist.empty(0, 4);
    playlist.append(
        "aaaaaaaa",
        List.of(new ChannelPlaylist.RunSegment("stream_42_aaaaaaaa_1.ts", 6.4, null)),
        4);
    assertTrue(playlist.render().contains("#EXT-X-TARGETDURATION:7\n"));
    assertFalse(playlist.render().contains("PROGRAM-DATE-TIME"));
  }

  @Test
  void runSegmentsAreReadFromFfmpegsPlaylist() {
    String text =
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000000,\n"
            + "#EXT-X-PROGRAM-DATE-TIME:2026-12-02T07:55:01.806+0000\nstream_42_aaaaaaaa_9.ts\n";
    List<ChannelPlaylist.RunSegment> segments = ChannelPlaylist.runSegments(text);
    assertEquals(
        List.of(
            new ChannelPlaylist.RunSegment(
                "stream_42_aaaaaaaa_9.ts", 4.0, "2026-12-02T07:55:01.806+0000")),
        segments);
    assertEquals("aaaaaaaa", ChannelPlaylist.runOf("stream_4_1_aaaaaaaa_9.ts"));
  }

  @Test
  void durationsAreWrittenExactlyAsPercentPointSixFWritesThem() {
    java.util.Random random = new java.util.Random(18);
    List<Double> values =
        new ArrayList<>(List.of(0.0, 1.0, 4.0, 3.96, 10.5, 0.04, 999_999.999_999));
    for (int i = 0; i < 20_000; i++) {
      values.add(random.nextInt(2_000_000) / 90_000.0); // what the remuxer measures: 90 kHz ticks
      values.add(random.nextInt(20_000_000) / 1_000_000.0); // what FFmpeg lists: six decimals
    }
    values.addAll(List.of(-1.0, Double.NaN, 1e12));
    for (double v : values) {
      StringBuilder out = new StringBuilder();
      ChannelPlaylist.appendSeconds(out, v);
      assertEquals(String.format(java.util.Locale.ROOT, "%.6f", v), out.toString(), "" + v);
    }
  }
}
