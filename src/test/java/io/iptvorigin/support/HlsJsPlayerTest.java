package io.iptvorigin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HlsJsPlayerTest {
  /**
   * What play.mjs printed for a live stream whose FFmpeg was killed for 12 s and restarted (samples
   * cut down to four).
   */
  private static final String STALLED_AND_RESUMED =
      """
      {"url": "http://127.0.0.1:18181/live/<token>/stream_ch-1.m3u8", "seconds": 30,
       "endedBy": "duration", "hlsVersion": "1.7.4", "browserVersion": "150.0.7871.100",
       "sandbox": false, "startupMs": 265, "playedSeconds": 17.604, "progressed": true,
       "longestStallMs": 11750, "stalls": 1, "forwardJumps": 0, "backwardJumps": 0,
       "fatalErrors": [], "nonFatalErrors": {"bufferStalledError": 1},
       "firstNonFatalErrors": [{"wallMs": 8210, "type": "mediaError",
         "details": "bufferStalledError", "responseCode": null, "url": null,
         "message": "Playback stalling at @7.980195 due to low buffer"}],
       "recoveries": 0, "discontinuities": 1, "ccSeen": [1, 2], "fragChanged": 9,
       "fragmentsLoaded": 9, "levels": 1, "levelLoads": 23, "waitingEvents": 2,
       "endListAtMs": null, "endedAtMs": null, "playError": null, "videoFrames": 447,
       "droppedFrames": 3, "videoWidth": 640, "videoHeight": 360, "pageErrors": [],
       "wallMs": 30014,
       "samples": [{"wallMs": 7506, "currentTime": 7.282}, {"wallMs": 7756, "currentTime": 7.532},
                   {"wallMs": 8006, "currentTime": 7.782}, {"wallMs": 8256, "currentTime": 7.98}]}
      """;

  /** A playlist the browser could not read (no CORS header): status 0, the run ended early. */
  private static final String REFUSED =
      """
      {"url": "http://127.0.0.1:18942/live.m3u8", "seconds": 5, "endedBy": "fatal",
       "hlsVersion": "1.7.4", "browserVersion": "150.0.7871.100", "sandbox": false,
       "startupMs": null, "playedSeconds": 0, "progressed": false, "longestStallMs": 0,
       "stalls": 0, "forwardJumps": 0, "backwardJumps": 0,
       "fatalErrors": [{"wallMs": 33, "type": "networkError", "details": "manifestLoadError",
         "responseCode": 0, "url": "http://127.0.0.1:18942/live.m3u8",
         "message": "A network error (status 0) occurred while loading manifest"}],
       "nonFatalErrors": {}, "firstNonFatalErrors": [], "recoveries": 0, "discontinuities": 0,
       "ccSeen": [], "fragChanged": 0, "fragmentsLoaded": 0, "levels": 0, "levelLoads": 0,
       "waitingEvents": 1, "endListAtMs": 40, "endedAtMs": 90,
       "playError": "NotSupportedError: no source", "videoFrames": 0, "droppedFrames": 0,
       "videoWidth": 0, "videoHeight": 0, "pageErrors": ["boom"], "wallMs": 261, "samples": []}
      """;

  @Test
  void readsAPlaybackThatStalledAndWentOnThroughADiscontinuity() {
    HlsJsPlayer.Result result = HlsJsPlayer.Result.parse(STALLED_AND_RESUMED);

    assertEquals("duration", result.endedBy());
    assertEquals("1.7.4", result.hlsVersion());
    assertEquals(Optional.of(Duration.ofMillis(265)), result.startup());
    assertEquals(17.604, result.playedSeconds());
    assertTrue(result.progressed());
    assertEquals(Duration.ofMillis(11750), result.longestStall());
    assertEquals(1, result.stalls());
    assertEquals(List.of(), result.fatalErrors());
    assertEquals(Map.of("bufferStalledError", 1), result.nonFatalErrors());
    HlsJsPlayer.Result.PlayerError stall = result.firstNonFatalErrors().get(0);
    assertEquals(8210, stall.wallMs());
    assertEquals("mediaError", stall.type());
    assertNull(stall.responseCode());
    assertNull(stall.url());
    assertEquals(1, result.discontinuitiesSeen());
    assertEquals(List.of(1, 2), result.ccSeen());
    assertEquals(23, result.levelLoads());
    assertEquals(Optional.empty(), result.endList());
    assertEquals(Optional.empty(), result.ended());
    assertNull(result.playError());
    assertEquals(447, result.videoFrames());
    assertEquals(640, result.videoWidth());
    assertEquals(Duration.ofMillis(30014), result.wall());
    assertEquals(
        List.of(
            new HlsJsPlayer.Result.Sample(7506, 7.282), new HlsJsPlayer.Result.Sample(7756, 7.532),
            new HlsJsPlayer.Result.Sample(8006, 7.782), new HlsJsPlayer.Result.Sample(8256, 7.98)),
        result.samples());
  }

  @Test
  void readsAFatalErrorWithItsStatus() {
    HlsJsPlayer.Result result = HlsJsPlayer.Result.parse(REFUSED);

    assertEquals("fatal", result.endedBy());
    assertEquals(Optional.empty(), result.startup());
    assertFalse(result.progressed());
    HlsJsPlayer.Result.PlayerError error = result.fatalErrors().get(0);
    assertEquals("networkError", error.type());
    assertEquals("manifestLoadError", error.details());
    assertEquals(0, error.responseCode());
    assertEquals("http://127.0.0.1:18942/live.m3u8", error.url());
    assertEquals(Optional.of(Duration.ofMillis(40)), result.endList());
    assertEquals(Optional.of(Duration.ofMillis(90)), result.ended());
    assertEquals("NotSupportedError: no source", result.playError());
    assertEquals(List.of("boom"), result.pageErrors());
  }

  @Test
  void summaryIsTheJsonWithoutSamples() {
    String summary = HlsJsPlayer.Result.parse(STALLED_AND_RESUMED).summary();

    assertFalse(summary.contains("samples"), summary);
    assertTrue(summary.contains("\"longestStallMs\":11750"), summary);
  }

  @Test
  void aMissingOrMistypedFieldIsNamed() {
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> HlsJsPlayer.Result.parse(STALLED_AND_RESUMED.replace("\"progressed\"", "\"p\"")));
    assertTrue(missing.getMessage().contains("boolean progressed"), missing.getMessage());
    IllegalStateException mistyped =
        assertThrows(
            IllegalStateException.class,
            () ->
                HlsJsPlayer.Result.parse(
                    STALLED_AND_RESUMED.replace("\"stalls\": 1", "\"stalls\": \"1\"")));
    assertTrue(mistyped.getMessage().contains("integer stalls"), mistyped.getMessage());
  }

  @Test
  void outputThatIsNotAJsonObjectIsAHarnessFailure() {
    assertThrows(IllegalStateException.class, () -> HlsJsPlayer.Result.parse(""));
    assertThrows(IllegalStateException.class, () -> HlsJsPlayer.Result.parse("[1]"));
    assertThrows(IllegalStateException.class, () -> HlsJsPlayer.Result.parse("play.mjs: boom"));
  }

  @Test
  void aDurationMustBePositive() {
    assertThrows(
        IllegalArgumentException.class,
        () -> HlsJsPlayer.start("http://127.0.0.1:1/x.m3u8", Duration.ZERO));
  }
}
