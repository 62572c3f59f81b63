package io.iptvorigin.stream.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Quality;
import io.iptvorigin.channel.RemuxChoice;
import io.iptvorigin.channel.Source;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunEnginesTest {
  private static final Source PLAIN =
      new Source("http://up.example/a.ts", null, null, null, null, null);
  private final StreamSettings settings = mock(StreamSettings.class);
  private final RunEngines engines = new RunEngines();

  RunEnginesTest() {
    engines.settings = settings;
  }

  private static Channel channel(RemuxChoice remux) {
    return new Channel(
            "a",
            "A",
            PLAIN.url(),
            null,
            null,
            Quality.MEDIUM,
            0,
            0,
            true,
            null,
            null,
            null,
            null,
            null)
        .withRemux(remux);
  }

  private StreamMode mode(
      RemuxChoice remux, Source source, StreamMode wanted, Set<Integer> ffmpeg) {
    return engines.modeFor(channel(remux), source, wanted, ffmpeg, 0);
  }

  @Test
  void autoFollowsTheNodeSettingAndWhatEarlierRunsFound() {
    when(settings.nativeRemux()).thenReturn(false);
    assertEquals(StreamMode.COPY, mode(RemuxChoice.AUTO, PLAIN, StreamMode.COPY, Set.of()));
    when(settings.nativeRemux()).thenReturn(true);
    assertEquals(StreamMode.NATIVE, mode(RemuxChoice.AUTO, PLAIN, StreamMode.COPY, Set.of()));
    assertEquals(StreamMode.COPY, mode(RemuxChoice.AUTO, PLAIN, StreamMode.COPY, Set.of(0)));
  }

  @Test
  void nativeAndFfmpegAreWhatTheySayWhateverTheNodeSetting() {
    when(settings.nativeRemux()).thenReturn(false);
    assertEquals(StreamMode.NATIVE, mode(RemuxChoice.NATIVE, PLAIN, StreamMode.COPY, Set.of(0)));
    when(settings.nativeRemux()).thenReturn(true);
    assertEquals(StreamMode.COPY, mode(RemuxChoice.FFMPEG, PLAIN, StreamMode.COPY, Set.of()));
  }

  @Test
  void transcodingIsAlwaysFfmpegs() {
    when(settings.nativeRemux()).thenReturn(true);
    assertEquals(
        StreamMode.TRANSCODE, mode(RemuxChoice.NATIVE, PLAIN, StreamMode.TRANSCODE, Set.of()));
  }

  @Test
  void httpsAndChannelProxiesAreNativeToo() {
    when(settings.nativeRemux()).thenReturn(true);
    Source https = new Source("https://up.example/a.ts", null, null, null, null, null);
    Source proxied =
        new Source("https://up.example/a.ts", null, null, null, null, "http://proxy.example:3128");
    assertEquals(StreamMode.NATIVE, mode(RemuxChoice.AUTO, https, StreamMode.COPY, Set.of()));
    assertEquals(StreamMode.NATIVE, mode(RemuxChoice.NATIVE, proxied, StreamMode.COPY, Set.of()));
  }

  @Test
  void anotherSchemeIsFfmpegsEvenWhenNativeIsAsked() {
    Source rtmp = new Source("rtmp://up.example/live", null, null, null, null, null);
    assertEquals(StreamMode.COPY, mode(RemuxChoice.NATIVE, rtmp, StreamMode.COPY, Set.of()));
  }

  @Test
  void onlyAutoFallsBackToFfmpeg() {
    assertEquals(true, RunEngines.fallsBackToFfmpeg(channel(RemuxChoice.AUTO)));
    assertEquals(false, RunEngines.fallsBackToFfmpeg(channel(RemuxChoice.NATIVE)));
  }
}
