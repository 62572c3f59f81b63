package io.iptvorigin.stream.remux.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.iptvorigin.common.Clock;
import io.iptvorigin.stream.StreamSettings;
import io.iptvorigin.stream.hls.ChannelPlaylist;
import io.iptvorigin.stream.hls.HlsPaths;
import io.iptvorigin.stream.remux.FfmpegTestStream;
import io.iptvorigin.stream.remux.RemuxOptions;
import io.iptvorigin.stream.remux.RunPlaylistWriter;
import io.iptvorigin.stream.remux.TsRemuxer;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.upstream.AddressPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native path end to end, as the wiring will put it together: FFmpeg's H.264/AAC TS served
 * chunked over HTTP, read by an {@link UpstreamReader}, pushed into a {@link TsRemuxer} on the loop
 * thread, written by a {@link RunPlaylistWriter}; ffmpeg plays the run playlist without an error.
 */
class RemuxOverHttpTest {
  @TempDir Path dir;

  @Test
  void anHttpUpstreamBecomesAPlayableRunPlaylist() throws Exception {
    byte[] ts = FfmpegTestStream.h264Aac(dir);
    HlsPaths paths = new HlsPaths(dir.resolve("hls"));
    StreamSettings.HlsOptions hls = new StreamSettings.HlsOptions(2, 1.0, 6);
    TsRemuxer remuxer =
        new TsRemuxer(
            RemuxOptions.of(hls), new RunPlaylistWriter(paths, "5", "89abcdef", hls, new Clock()));
    CompletableFuture<UpstreamEnd> ended = new CompletableFuture<>();
    ExecutorService lookups = Executors.newSingleThreadExecutor();
    try (TestUpstream upstream = new TestUpstream();
        UpstreamLoop loop = new UpstreamLoop("test-remux-loop", lookups)) {
      upstream.on(
          "/live.ts",
          out -> {
            out.write(
                "HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int at = 0; at < ts.length; at += 1316) {
              int n = Math.min(1316, ts.length - at);
              out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
              out.write(ts, at, n);
              out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          });
      UpstreamReader.open(
          loop,
          AddressPolicy.withAllowedRanges("127.0.0.1/32"),
          UpstreamRequest.of(upstream.url("/live.ts")),
          UpstreamTimeouts.defaults(),
          new UpstreamListener() {
            @Override
            public void data(ByteBuffer chunk) {
              remuxer.push(chunk);
            }

            @Override
            public void ended(UpstreamEnd end) {
              remuxer.finish();
              ended.complete(end);
            }
          });
      assertEquals(UpstreamEnd.Reason.ENDED, ended.get(20, TimeUnit.SECONDS).reason());
    } finally {
      lookups.shutdownNow();
    }
    assertEquals(TsRemuxer.State.ENDED, remuxer.state());
    assertNull(remuxer.failure());
    String runPlaylist = Files.readString(paths.runPlaylist("5"));
    assertEquals(6, ChannelPlaylist.runSegments(runPlaylist).size(), runPlaylist);
    Path copy = paths.dir().resolve("ended.m3u8");
    Files.writeString(copy, runPlaylist + "#EXT-X-ENDLIST\n");
    MediaTools.Result played =
        MediaTools.run(
            List.of("ffmpeg", "-nostdin", "-v", "error", "-i", copy.toString(), "-f", "null", "-"));
    assertEquals(0, played.exit(), played.output());
    assertEquals("", played.output().strip());
  }
}
