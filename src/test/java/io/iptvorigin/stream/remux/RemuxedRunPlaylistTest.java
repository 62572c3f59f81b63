package io.iptvorigin.stream.remux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.ChannelPlaylist;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.support.MediaTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remuxer's segments of FFmpeg's own H.264/AAC output, written by {@link RunPlaylistWriter}:
 * the run playlist is read by the channel playlist's own parser, and both it and the channel
 * playlist made from it are played through by ffmpeg without an error.
 */
class RemuxedRunPlaylistTest {
  @TempDir static Path dir;
  private static HlsPaths paths;
  private static TsRemuxer remuxer;

  @BeforeAll
  static void remuxSixSecondsToDisk() throws Exception {
    byte[] input = FfmpegTestStream.h264Aac(dir);
    paths = new HlsPaths(dir);
    StreamSettings.HlsOptions hls = new StreamSettings.HlsOptions(2, 1.0, 6);
    RunPlaylistWriter writer = new RunPlaylistWriter(paths, "9", "0123abcd", hls, new Clock());
    remuxer = new TsRemuxer(RemuxOptions.of(hls), writer);
    Random random = new Random(7);
    for (int at = 0; at < input.length; ) {
      int n = Math.min(1 + random.nextInt(9000), input.length - at);
      remuxer.push(input, at, n);
      at += n;
    }
    remuxer.finish();
  }

  /**
   * ffmpeg reads a playlist without {@code #EXT-X-ENDLIST} as live and waits for more: the copy
   * read here, next to the segments as the channel playlist is, says the run ended.
   */
  private static MediaTools.Result play(String playlist, String name) throws Exception {
    Path copy = dir.resolve(name);
    Files.writeString(copy, playlist + "#EXT-X-ENDLIST\n");
    return MediaTools.run(
        List.of("ffmpeg", "-nostdin", "-v", "error", "-i", copy.toString(), "-f", "null", "-"));
  }

  @Test
  void theRunPlaylistListsEverySegmentOnDisk() throws Exception {
    assertEquals(TsRemuxer.State.ENDED, remuxer.state());
    assertTrue(paths.runIsPlayable("9"));
    List<ChannelPlaylist.RunSegment> listed =
        ChannelPlaylist.runSegments(Files.readString(paths.runPlaylist("9")));
    // The first playlist's worth of segments are short, as -hls_init_time makes them.
    assertEquals(6, listed.size());
    double total = 0;
    for (ChannelPlaylist.RunSegment segment : listed) {
      assertTrue(Files.size(dir.resolve(segment.uri())) > 0, segment.uri());
      assertTrue(segment.programDateTime() != null, segment.uri());
      total += segment.seconds();
    }
    assertEquals(6.0, total, 0.1);
  }

  @Test
  void ffmpegPlaysTheRunPlaylistWithoutAnError() throws Exception {
    MediaTools.Result played = play(Files.readString(paths.runPlaylist("9")), "run.m3u8");
    assertEquals(0, played.exit(), played.output());
    assertEquals("", played.output().strip());
  }

  @Test
  void ffmpegPlaysTheChannelPlaylistMadeFromItWithoutAnError() throws Exception {
    ChannelPlaylist channel = ChannelPlaylist.empty(0, 2);
    channel.append(
        "0123abcd", ChannelPlaylist.runSegments(Files.readString(paths.runPlaylist("9"))), 6);
    assertEquals(6, channel.entries().size());
    MediaTools.Result played = play(channel.render(), "channel.m3u8");
    assertEquals(0, played.exit(), played.output());
    assertEquals("", played.output().strip());
  }

  @Test
  void ffprobeSeesTheUpstreamStreamsInThePlaylist() throws Exception {
    Path copy = dir.resolve("probe.m3u8");
    Files.writeString(copy, Files.readString(paths.runPlaylist("9")) + "#EXT-X-ENDLIST\n");
    MediaTools.Result probed = MediaTools.probe(copy.toString(), "stream=codec_name");
    assertEquals(0, probed.exit(), probed.output());
    assertTrue(
        probed.output().contains("h264") && probed.output().contains("aac"), probed.output());
  }
}
