package io.iptvorigin.stream.hls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlsPathsTest {
  @Test
  void channelFilesOfAnyRunBelongToTheChannel() {
    assertTrue(HlsPaths.belongsTo("48", "stream_48.m3u8"));
    assertTrue(HlsPaths.belongsTo("48", "stream_48.m3u8.tmp"));
    assertTrue(HlsPaths.belongsTo("48", "stream_48_0a1b2c3d_1732547012.ts"));
    assertTrue(HlsPaths.belongsTo("48", "stream_48_0a1b2c3d_1732547012.ts.tmp"));
  }

  @Test
  void anotherChannelWhoseIdStartsTheSameIsNeverMatched() {
    assertFalse(HlsPaths.belongsTo("4", "stream_48.m3u8"));
    assertFalse(HlsPaths.belongsTo("4", "stream_48_0a1b2c3d_1.ts"));
    assertFalse(HlsPaths.belongsTo("a", "stream_a_b.m3u8"));
    assertFalse(HlsPaths.belongsTo("a", "stream_a_b_0a1b2c3d_7.ts"));
    assertFalse(HlsPaths.belongsTo("a", "stream_a_deadbeef_0a1b2c3d_7.ts"));
  }

  @Test
  void unrelatedFilesAreNeverMatched() {
    assertFalse(HlsPaths.belongsTo("48", "stream_48.log"));
    assertFalse(HlsPaths.belongsTo("48", "passwd"));
  }

  @Test
  void aHandedOverChannelLosesItsPlaylistsNowAndKeepsItsSegmentsForLater(@TempDir Path dir)
      throws Exception {
    HlsPaths paths = new HlsPaths(dir);
    Files.createDirectories(paths.runsDir());
    Path playlist = Files.writeString(paths.playlist("48"), "#EXTM3U\n");
    Path run = Files.writeString(paths.runPlaylist("48"), "#EXTM3U\n");
    Path segment = Files.writeString(dir.resolve("stream_48_0a1b2c3d_7.ts"), "ts");
    Path other = Files.writeString(dir.resolve("stream_480_0a1b2c3d_7.ts"), "ts");

    List<Path> later = paths.removePlaylistsKeepingSegments("48");

    assertFalse(Files.exists(playlist));
    assertFalse(Files.exists(run));
    assertTrue(Files.exists(segment));
    assertTrue(later.equals(List.of(segment)), later.toString());
    assertTrue(Files.exists(other));
  }

  @Test
  void theChannelOfAFileIsReadBackFromItsName() {
    assertTrue(HlsPaths.channelOf("stream_48.m3u8").orElseThrow().equals("48"));
    assertTrue(HlsPaths.channelOf("stream_a_b.m3u8.tmp").orElseThrow().equals("a_b"));
    assertTrue(HlsPaths.channelOf("stream_a_b_0a1b2c3d_17.ts").orElseThrow().equals("a_b"));
    assertTrue(HlsPaths.channelOf("stream_x-1_0a1b2c3d_7.ts.tmp").orElseThrow().equals("x-1"));
    assertFalse(HlsPaths.channelOf("stream_48.log").isPresent());
    assertFalse(HlsPaths.channelOf("passwd").isPresent());
  }

  @Test
  void everyChannelWithAFileOnDiskIsListedOnce(@TempDir Path dir) throws Exception {
    HlsPaths paths = new HlsPaths(dir);
    Files.createDirectories(paths.runsDir());
    Files.writeString(paths.playlist("a"), "");
    Files.writeString(dir.resolve("stream_a_0a1b2c3d_1.ts"), "");
    Files.writeString(dir.resolve("stream_b_0a1b2c3d_1.ts"), "");
    Files.writeString(paths.runPlaylist("c"), "");
    Files.writeString(dir.resolve("notes.txt"), "");
    assertTrue(paths.channelsOnDisk().equals(java.util.Set.of("a", "b", "c")));
  }
}
