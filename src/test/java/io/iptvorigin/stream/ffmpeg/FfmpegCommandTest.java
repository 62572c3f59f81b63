package io.iptvorigin.stream.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.Quality;
import io.iptvorigin.stream.StreamMode;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.HlsPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegCommandTest {
  private static final HlsPaths PATHS = new HlsPaths(Path.of("/srv/hls"));
  private static final StreamSettings.HlsOptions HLS = new StreamSettings.HlsOptions(4, 1.0, 6);

  private static Channel channel(Quality quality, String userAgent, String referer, String proxy) {
    return new Channel(
        "48681",
        "News; rm -rf /",
        "http://up.example/48681.ts",
        null,
        null,
        quality,
        0,
        0,
        true,
        userAgent,
        referer,
        null,
        "session=abc",
        proxy);
  }

  private static List<String> build(Channel channel, StreamMode mode) {
    return FfmpegCommand.build(
        "ffmpeg",
        channel,
        channel.primary(),
        "http://edge.example/x.ts",
        mode,
        PATHS,
        "0a1b2c3d",
        HLS,
        "http://127.0.0.1:8183");
  }

  private static String after(List<String> args, String option) {
    return args.get(args.indexOf(option) + 1);
  }

  @Test
  void copyRunWritesALiveSlidingWindowWithRunIdInSegmentNames() {
    List<String> args = build(channel(Quality.MEDIUM, null, null, null), StreamMode.COPY);
    assertEquals("copy", after(args, "-c"));
    assertEquals("hls", after(args, "-f"));
    assertEquals("4", after(args, "-hls_time"));
    assertEquals("6", after(args, "-hls_list_size"));
    assertFalse(args.contains("-hls_playlist_type"), "no EVENT playlist");
    assertTrue(after(args, "-hls_flags").contains("delete_segments"));
    assertEquals("/srv/hls/stream_48681_0a1b2c3d_%d.ts", after(args, "-hls_segment_filename"));
    assertEquals("/srv/hls/runs/stream_48681.m3u8", args.get(args.size() - 1), "its own playlist");
    assertTrue(after(args, "-hls_flags").contains("program_date_time"));
  }

  @Test
  void inputIsTheResolvedUrlWithReconnectAndOnlyNetworkProtocols() {
    List<String> args = build(channel(Quality.MEDIUM, null, null, null), StreamMode.COPY);
    assertEquals("http://edge.example/x.ts", after(args, "-i"));
    assertEquals("http,https,tcp,tls,httpproxy", after(args, "-protocol_whitelist"));
    assertEquals("1", after(args, "-reconnect"));
    assertEquals("1", after(args, "-reconnect_streamed"));
    assertEquals("5", after(args, "-reconnect_delay_max"));
    assertEquals("15000000", after(args, "-rw_timeout"));
    assertTrue(args.indexOf("-protocol_whitelist") < args.indexOf("-i"), "input option before -i");
  }

  @Test
  void channelHeadersAndProxyBecomeSingleArguments() {
    List<String> args =
        build(
            channel(Quality.MEDIUM, "VLC/3.0", "http://ref.example/", "http://proxy:3128"),
            StreamMode.COPY);
    assertEquals("VLC/3.0", after(args, "-user_agent"));
    assertEquals(
        "Referer: http://ref.example/\r\nCookie: session=abc\r\n", after(args, "-headers"));
    // The supervisor passes the proxy to use (the channel's, pinned, or the egress proxy).
    assertEquals("http://127.0.0.1:8183", after(args, "-http_proxy"));
    assertFalse(
        args.stream().anyMatch(a -> a.contains("rm -rf")), "the channel name is never an argument");
  }

  @Test
  void transcodeUsesThePresetTableOfTheChannelsQuality() {
    List<String> medium = build(channel(Quality.MEDIUM, null, null, null), StreamMode.TRANSCODE);
    assertEquals("libx264", after(medium, "-c:v"));
    assertEquals("veryfast", after(medium, "-preset"));
    assertEquals("zerolatency", after(medium, "-tune"));
    assertEquals("48", after(medium, "-g"));
    assertEquals("0", after(medium, "-sc_threshold"));
    assertEquals("854x480", after(medium, "-s"));
    assertEquals("1500k", after(medium, "-b:v"));
    assertEquals("1500k", after(medium, "-maxrate"));
    assertEquals("3000k", after(medium, "-bufsize"));
    assertEquals("aac", after(medium, "-c:a"));
    assertEquals("48000", after(medium, "-ar"));
    assertEquals("96k", after(medium, "-b:a"));

    List<String> low = build(channel(Quality.LOW, null, null, null), StreamMode.TRANSCODE);
    assertEquals("640x360", after(low, "-s"));
    assertEquals("1000k", after(low, "-b:v"));
    assertEquals("64k", after(low, "-b:a"));

    List<String> high = build(channel(Quality.HIGH, null, null, null), StreamMode.TRANSCODE);
    assertEquals("1280x720", after(high, "-s"));
    assertEquals("2500k", after(high, "-b:v"));
    assertEquals("128k", after(high, "-b:a"));
  }

  @Test
  void probeIsSmallForAFastStart() {
    List<String> args = build(channel(Quality.MEDIUM, null, null, null), StreamMode.COPY);
    assertTrue(Long.parseLong(after(args, "-probesize")) <= 1_000_000);
    assertTrue(Long.parseLong(after(args, "-analyzeduration")) <= 2_000_000);
  }

  @Test
  void everyConnectionGoesThroughTheGivenProxy() {
    assertEquals(
        "http://127.0.0.1:8183",
        after(build(channel(Quality.LOW, null, null, null), StreamMode.COPY), "-http_proxy"));
  }

  @Test
  void urlCredentialsBecomeAnAuthorizationHeaderAndLeaveTheUrl() {
    List<String> args =
        FfmpegCommand.build(
            "ffmpeg",
            channel(Quality.LOW, null, null, null),
            channel(Quality.LOW, null, null, null).primary(),
            "http://us%40er:p+ss@edge.example:8080/live/x.ts?a=b",
            StreamMode.COPY,
            PATHS,
            "0a1b2c3d",
            HLS,
            "http://127.0.0.1:8183");
    assertEquals("http://edge.example:8080/live/x.ts?a=b", after(args, "-i"));
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString("us@er:p+ss".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(
        after(args, "-headers").contains("Authorization: Basic " + basic + "\r\n"),
        after(args, "-headers"));
    assertTrue(args.stream().noneMatch(a -> a.contains("p+ss")), "no password in any argument");
  }
}
