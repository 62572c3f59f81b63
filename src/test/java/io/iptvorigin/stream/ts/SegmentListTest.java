package io.iptvorigin.stream.ts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentListTest {
  private static final String RUN = "0a1b2c3d";

  private static String playlist(String... entries) {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n");
    for (String entry : entries) {
      text.append("#EXTINF:4.000000,\n").append(entry).append('\n');
    }
    return text.toString();
  }

  private static String segment(String run, int n) {
    return "stream_ch_" + run + "_" + n + ".ts";
  }

  private static SegmentList list(String... entries) {
    return SegmentList.parse("ch", playlist(entries));
  }

  private static SegmentList.Segment sent(String run, int n) {
    return new SegmentList.Segment(segment(run, n), run, n, 4);
  }

  @Test
  void parsesNamesRunsSequencesAndDurations() {
    SegmentList list =
        SegmentList.parse(
            "ch",
            "#EXTM3U\n#EXTINF:1.001,\nstream_ch_0a1b2c3d_0.ts\n#EXT-X-DISCONTINUITY\n"
                + "#EXTINF:4.2,\nstream_ch_0a1b2c3d_1.ts\n#EXTINF:4,\nstream_other_0a1b2c3d_2.ts\n");
    assertEquals(2, list.segments().size());
    assertEquals(new SegmentList.Segment(segment(RUN, 0), RUN, 0, 1.001), list.segments().get(0));
    assertEquals(4.2, list.segments().get(1).seconds());
    assertEquals(segment(RUN, 1), list.newest().orElseThrow().name());
  }

  @Test
  void aChannelWhoseIdLooksLikeASegmentOfAnotherIsNotConfused() {
    assertTrue(SegmentList.parse("ch", playlist("stream_ch_x_0a1b2c3d_1.ts")).segments().isEmpty());
  }

  @Test
  void followsInOrderWithoutGapsOrRepeats() {
    SegmentList list = list(segment(RUN, 3), segment(RUN, 4), segment(RUN, 5));
    assertEquals(new SegmentList.Next(list.segments().get(1)), list.after(sent(RUN, 3), 20));
    assertEquals(new SegmentList.Next(list.segments().get(2)), list.after(sent(RUN, 4), 20));
    assertInstanceOf(SegmentList.Wait.class, list.after(sent(RUN, 5), 20));
  }

  @Test
  void theNextOneStillThereAfterTheSentOneRotatedOutIsNext() {
    SegmentList list = list(segment(RUN, 4), segment(RUN, 5));
    assertEquals(new SegmentList.Next(list.segments().get(0)), list.after(sent(RUN, 3), 20));
  }

  @Test
  void aViewerWhoseNextSegmentIsGoneIsBehind() {
    SegmentList list = list(segment(RUN, 6), segment(RUN, 7));
    assertInstanceOf(SegmentList.Behind.class, list.after(sent(RUN, 3), 20));
  }

  @Test
  void aViewerMoreThanTheWindowBehindIsCut() {
    SegmentList list =
        list(segment(RUN, 1), segment(RUN, 2), segment(RUN, 3), segment(RUN, 4), segment(RUN, 5));
    // After 1 comes 2, with 3, 4 and 5 (12 s) still to come.
    assertInstanceOf(SegmentList.Next.class, list.after(sent(RUN, 1), 12));
    assertEquals(new SegmentList.Behind(12), list.after(sent(RUN, 1), 11.9));
  }

  @Test
  void aRestartedFfmpegIsFollowedIntoItsNewRun() {
    String next = "99aabbcc";
    SegmentList list = list(segment(RUN, 8), segment(next, 0), segment(next, 1));
    assertEquals(new SegmentList.Next(list.segments().get(1)), list.after(sent(RUN, 8), 20));
    SegmentList onlyNew = list(segment(next, 0), segment(next, 1));
    assertEquals(new SegmentList.Next(onlyNew.segments().get(0)), onlyNew.after(sent(RUN, 8), 20));
  }

  @Test
  void anEmptyPlaylistHasNothingYet() {
    assertTrue(SegmentList.EMPTY.newest().isEmpty());
    assertInstanceOf(SegmentList.Wait.class, SegmentList.EMPTY.after(sent(RUN, 1), 20));
  }
}
