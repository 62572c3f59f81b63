package io.iptvorigin.stream.hls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
