package io.iptvorigin.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PlaylistRequestsTest {
  @Test
  void everyAnsweredPathHasAKindAndNothingElseDoes() {
    assertEquals("m3u", PlaylistRequests.kind("/get_playlist.php"));
    assertEquals("m3u", PlaylistRequests.kind("/playlist/abc.m3u8"));
    assertEquals("xtream_m3u", PlaylistRequests.kind("/get.php"));
    assertEquals("xtream_api", PlaylistRequests.kind("/player_api.php"));
    assertEquals("xtream_api", PlaylistRequests.kind("/panel_api.php"));
    assertEquals("epg", PlaylistRequests.kind("/xmltv.php"));
    assertEquals("epg", PlaylistRequests.kind("/epg.xml.gz"));
    // A label per path a client invents would be unbounded.
    assertNull(PlaylistRequests.kind("/get.php/x"));
    assertNull(PlaylistRequests.kind("/anything"));
  }
}
