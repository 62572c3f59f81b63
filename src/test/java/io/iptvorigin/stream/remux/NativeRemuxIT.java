package io.iptvorigin.stream.remux;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.HlsJsPlayer;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TlsTerminator;
import io.iptvorigin.support.TsEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.Jedis;

/**
 * Channels remuxed in the application ({@code "remux": "native"}) end to end: FFmpeg-encoded live
 * upstreams of each kind the native path takes (H.264 + AAC with 1 s and 4 s GOPs, HEVC + AC-3, two
 * audio tracks, a timestamp jump), the HLS through the real nginx, read by ffmpeg, ffprobe and
 * hls.js as players do, and compared packet by packet with a recording of the upstream made over
 * the same seconds.
 *
 * <p>All channels run at once and every slow observation is made once, side by side: one window of
 * {@link #WINDOW} in which the playlists are followed, the upstreams recorded, ffmpeg reads each
 * channel and hls.js plays two (H.264 with 1 s GOPs, and the jump); the checks then look at what
 * was gathered, every one of them reported even when others fail.
 *
 * <p>And {@code "remux": "auto"}, the default, on the node's defaults: native on a TS upstream,
 * FFmpeg copy on a container the native remuxer does not read.
 */
@ExtendWith(ArquillianExtension.class)
class NativeRemuxIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WINDOW = Duration.ofSeconds(26);
  private static final int READ_SECONDS = 20;
  private static final Duration PLAY = Duration.ofSeconds(READ_SECONDS);

  /** When the jump stream's timestamps leap: after the channel starts, inside the window. */
  private static final int JUMP_AFTER_SECONDS = 8;

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();

  /** One upstream kind: a name for messages, its LiveUpstream query, and what is checked on it. */
  private record Variant(String label, String query, boolean samePackets) {}

  private static final List<Variant> VARIANTS =
      List.of(
          new Variant("h264-aac-gop1", "gop=1", true),
          new Variant("h264-aac-gop4", "gop=4", true),
          new Variant("hevc-ac3", "gop=2&video=hevc&audio=ac3", true),
          new Variant("two-audio", "gop=2&tracks=2", true),
          // Packets around the jump may be dropped (up to the next keyframe): no identity there.
          new Variant("pts-jump", "gop=1&jump=" + JUMP_AFTER_SECONDS, false));

  /** A started channel of one variant and where it comes from and goes to. */
  private record Running(Variant variant, String channel, String upstreamUrl, String playlistUrl) {}

  /** What the window gathered for one channel. */
  private record Gathered(
      Running running,
      PlaylistFollower.Followed followed,
      Path upstreamRecording,
      MediaTools.Result read) {}

  @Test
  void nativeChannelsCarryTheirUpstreamsPacketForPacketAndPlay() throws Exception {
    String token = admin.create(aUser().withMaxConnections(100)).token();
    Path work = Files.createTempDirectory(ItEnvironment.workDir(), "native-it");
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<CompletableFuture<Running>> starting = new ArrayList<>();
      for (Variant variant : VARIANTS) {
        starting.add(CompletableFuture.supplyAsync(() -> start(variant, token), pool));
      }
      List<Running> running = starting.stream().map(CompletableFuture::join).toList();

      // 1. Native runs, before any player of ours (whose command lines name the channels) starts.
      List<Executable> checks = new ArrayList<>();
      for (Running r : running) {
        checks.add(runsNatively(r, "after its start"));
      }

      // The one window: follow, record, read and play, all at once.
      Running played = running.get(0);
      Running jumping = running.get(running.size() - 1);
      CompletableFuture<HlsJsPlayer.Result> hlsJs =
          async(pool, () -> HlsJsPlayer.play(played.playlistUrl(), PLAY));
      CompletableFuture<HlsJsPlayer.Result> hlsJsOverTheJump =
          async(pool, () -> HlsJsPlayer.play(jumping.playlistUrl(), PLAY));
      List<CompletableFuture<Gathered>> gathering = new ArrayList<>();
      for (Running r : running) {
        Path dir = work.resolve(r.variant().label());
        Files.createDirectories(dir);
        CompletableFuture<Path> recording =
            async(pool, () -> record(r.upstreamUrl(), dir.resolve("upstream.ts")));
        CompletableFuture<PlaylistFollower.Followed> followed =
            async(pool, () -> PlaylistFollower.follow(r.playlistUrl(), WINDOW, dir.resolve("hls")));
        CompletableFuture<MediaTools.Result> read =
            async(pool, () -> MediaTools.read(r.playlistUrl(), READ_SECONDS));
        gathering.add(
            CompletableFuture.allOf(recording, followed, read)
                .thenApply(v -> new Gathered(r, followed.join(), recording.join(), read.join())));
      }
      List<Gathered> gathered = gathering.stream().map(CompletableFuture::join).toList();

      for (Gathered g : gathered) {
        Running r = g.running();
        checks.add(runsNatively(r, "after the window"));
        checks.add(() -> everySegmentStartsWithTablesAndAKeyframe(g));
        checks.add(() -> ffmpegReadsWithoutAnError(g));
        checks.add(() -> theSameStreamsAsTheUpstream(g));
        if (r.variant().samePackets()) {
          checks.add(() -> theSamePacketsAsTheUpstream(g, work));
        }
      }
      checks.add(() -> hlsJsPlaysWithoutAStall(played, hlsJs.join()));
      checks.add(() -> theJumpIsMarkedWhereItIs(gathered.get(gathered.size() - 1)));
      checks.add(() -> hlsJsPlaysOverTheJump(jumping, hlsJsOverTheJump.join()));
      assertAll(checks);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An https upstream (nginx terminating TLS with a self-signed certificate) is read natively up to
   * the certificate check, which refuses it: the run log says why. FFmpeg, which checks no
   * certificate, is what a {@code remux: auto} channel falls back to; a native one stops here.
   */
  @Test
  void anHttpsUpstreamWhoseCertificateTheNodeDoesNotTrustIsNotReadNatively() throws Exception {
    String token = admin.create(aUser()).token();
    try (TlsTerminator tls = TlsTerminator.start(stack.upstream(), ItEnvironment.workDir())) {
      String url = tls.url("/live/" + ItEnvironment.unique("https") + ".ts?gop=1");
      String channel = admin.create(aChannel().from(url).remux("native"));
      // Starts the channel; that the start fails is what is looked at, in the run log.
      Http.of("").get(stack.edge().hlsUrl(token, channel));
      String expected = "native: upstream tls_failed (certificate not trusted";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String log = admin.get("/api/streams/" + channel + "/log").body();
      while (!log.contains(expected) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        log = admin.get("/api/streams/" + channel + "/log").body();
      }
      assertTrue(log.contains(expected), log);
    }
  }

  /**
   * {@code remux: auto}, the default, on a node with {@code iptv.stream.native-remux} left at its
   * default: a TS upstream is remuxed natively, and a Matroska one (H.264 + AAC: codecs MPEG-TS
   * carries, in a container the native remuxer does not read) goes to FFmpeg copy once the native
   * run's first packets show no transport stream; both play through nginx.
   */
  @Test
  void autoIsNativeOnATsUpstreamAndFfmpegCopyOnAnotherContainer() throws Exception {
    String token = admin.create(aUser().withMaxConnections(10)).token();
    String ts =
        admin.create(
            aChannel()
                .from(
                    stack
                        .upstream()
                        .url("/live/" + ItEnvironment.unique("auto-ts") + ".ts?gop=1")));
    String mkv =
        admin.create(
            aChannel()
                .from(
                    stack
                        .upstream()
                        .url("/h264/" + ItEnvironment.unique("auto-mkv") + ".mkv?gop=1")));
    for (String channel : List.of(ts, mkv)) {
      String remux =
          JSON.readTree(admin.get("/api/channels/" + channel).body()).path("remux").asText();
      assertEquals("auto", remux, channel + ": the default choice");
    }

    String tsUrl = stack.edge().hlsUrl(token, ts);
    String mkvUrl = stack.edge().hlsUrl(token, mkv);
    awaitSegments(tsUrl, 2);
    awaitSegments(mkvUrl, 2);

    JsonNode tsRun = admin.activeStream(ts);
    JsonNode mkvRun = admin.activeStream(mkv);
    String mkvLog = admin.get("/api/streams/" + mkv + "/log").body();
    MediaTools.Result tsRead = MediaTools.read(tsUrl, 4);
    MediaTools.Result mkvRead = MediaTools.read(mkvUrl, 4);
    assertAll(
        () -> assertEquals("native", tsRun.path("mode").asText(), "TS upstream: " + tsRun),
        () -> assertEquals(List.of(), ffmpegCommandLinesNaming(ts), "no FFmpeg for the TS one"),
        () -> assertEquals(0, tsRead.exit(), "TS upstream read: " + tsRead.output()),
        () -> assertEquals("copy", mkvRun.path("mode").asText(), "Matroska upstream: " + mkvRun),
        () -> assertEquals(1, ItEnvironment.ffmpegCountFor(mkv), "one FFmpeg for the Matroska one"),
        () -> assertTrue(mkvLog.contains("not_ts"), "the run log says why: " + mkvLog),
        () -> assertEquals(0, mkvRead.exit(), "Matroska upstream read: " + mkvRead.output()),
        () ->
            assertEquals(
                List.of("h264", "aac"),
                streams(mkvUrl).stream()
                    .map(stream -> readJson(stream).path("codec_name").asText())
                    .toList(),
                "ffprobe of the FFmpeg-copied HLS"));
  }

  /**
   * Asks for the playlist as a player does until it lists {@code count} segments (20 s at most).
   */
  private static void awaitSegments(String playlistUrl, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> answer;
    do {
      answer = Http.of("").get(playlistUrl);
      if (answer.statusCode() == 200
          && answer.body().lines().filter(l -> l.startsWith("#EXTINF")).count() >= count) {
        return;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        playlistUrl
            + " lists no "
            + count
            + " segments: "
            + answer.statusCode()
            + " "
            + answer.body());
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Running start(Variant variant, String token) {
    String upstreamUrl =
        stack
            .upstream()
            .url("/live/" + ItEnvironment.unique(variant.label()) + ".ts?" + variant.query());
    String channel = admin.create(aChannel().from(upstreamUrl).remux("native"));
    String playlistUrl = stack.edge().hlsUrl(token, channel);
    HttpResponse<String> first = Http.of("").get(playlistUrl);
    assertEquals(200, first.statusCode(), variant.label() + ": " + first.body());
    return new Running(variant, channel, upstreamUrl, playlistUrl);
  }

  /**
   * Check 1: Redis records the run as native, never restarted (one run from start to end), and no
   * FFmpeg names the channel.
   */
  private static Executable runsNatively(Running r, String when) {
    String mode;
    String restarts;
    try (Jedis redis = ItEnvironment.redis()) {
      mode = redis.get("stream:" + r.channel() + ":mode");
      restarts = redis.get("stream:" + r.channel() + ":restarts");
    }
    List<String> ffmpegs = ffmpegCommandLinesNaming(r.channel());
    return () ->
        assertAll(
            () -> assertEquals("native", mode, r.variant().label() + " mode " + when),
            () -> assertEquals("0", restarts, r.variant().label() + " restarts " + when),
            () ->
                assertEquals(
                    List.of(), ffmpegs, r.variant().label() + ": FFmpeg for the channel " + when));
  }

  private static List<String> ffmpegCommandLinesNaming(String channel) {
    return ProcessHandle.allProcesses()
        .map(p -> p.info().commandLine().orElse(""))
        .filter(line -> line.contains("ffmpeg") && line.contains(channel))
        .toList();
  }

  /** The upstream as a second client of its shared encoder gets it, over the window. */
  private static Path record(String url, Path file) {
    MediaTools.Result curl =
        MediaTools.run(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                Long.toString(WINDOW.toSeconds()),
                "-o",
                file.toString(),
                url));
    // 28: the time limit, which is how a recording of an endless stream ends.
    if (curl.exit() != 28 && curl.exit() != 0) {
      throw new IllegalStateException("recording " + url + ": " + curl.output());
    }
    return file;
  }

  /**
   * Check 2: every segment listed begins with the PAT (PID 0) and its first video packet is a
   * keyframe; and the follower saw a contiguous run of them.
   */
  private static void everySegmentStartsWithTablesAndAKeyframe(Gathered g) throws IOException {
    String label = g.running().variant().label();
    PlaylistFollower.Followed f = g.followed();
    assertEquals(List.of(), f.failures(), label + ": playlist or segment requests");
    assertTrue(f.segments().size() >= 4, label + ": " + f.segments().size() + " segments");
    assertEquals(List.of(), f.gaps(), label + ": media sequence numbers never listed");
    List<String> bad = new ArrayList<>();
    for (PlaylistFollower.Segment s : f.segments()) {
      byte[] head = Files.readAllBytes(s.file());
      int pid = head.length >= 188 ? ((head[1] & 0x1f) << 8) | (head[2] & 0xff) : -1;
      if (head.length < 188 || head[0] != 0x47 || pid != 0) {
        bad.add(s.uri() + ": first packet PID " + pid + " (" + head.length + " bytes)");
        continue;
      }
      MediaTools.Result first = MediaTools.firstVideoPacket(s.file().toString());
      String line = first.output().strip();
      String flags = line.contains(",") ? line.substring(line.indexOf(',') + 1) : "";
      if (first.exit() != 0 || !flags.startsWith("K")) {
        bad.add(s.uri() + ": first video packet " + line);
      }
    }
    assertEquals(List.of(), bad, label + ": segments not starting with PAT and a keyframe");
  }

  /** Check 3: {@code ffmpeg -v error -i PLAYLIST -t 20 -f null -} prints nothing. */
  private static void ffmpegReadsWithoutAnError(Gathered g) {
    String label = g.running().variant().label();
    assertEquals(0, g.read().exit(), label + ": " + g.read().output());
    assertEquals("", g.read().output().strip(), label + ": ffmpeg -v error printed");
  }

  /** Check 4: ffprobe finds in the HLS the streams it finds in the upstream. */
  private static void theSameStreamsAsTheUpstream(Gathered g) {
    String label = g.running().variant().label();
    List<String> upstream = streams(g.upstreamRecording().toString());
    List<String> hls = streams(g.running().playlistUrl());
    assertTrue(upstream.size() >= 2, label + ": upstream streams " + upstream);
    assertEquals(upstream, hls, label + ": streams of the HLS against the upstream");
  }

  private static List<String> streams(String input) {
    MediaTools.Result probe =
        MediaTools.run(
            List.of(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type,codec_name,channels,sample_rate,width,height",
                "-of",
                "json",
                input));
    if (probe.exit() != 0) {
      throw new AssertionError("ffprobe " + input + ": " + probe.output());
    }
    try {
      List<String> out = new ArrayList<>();
      for (JsonNode stream : JSON.readTree(probe.output()).path("streams")) {
        out.add(stream.toString());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Check 6: over the PTS interval both hold, the native segments carry exactly the upstream's
   * packets, stream by stream: PTS, size and data.
   */
  private static void theSamePacketsAsTheUpstream(Gathered g, Path work) throws IOException {
    String label = g.running().variant().label();
    ProbedPackets upstream = ProbedPackets.of(g.upstreamRecording());
    Path joined =
        g.followed().concatenated(work.resolve(g.running().variant().label() + "-native.ts"));
    ProbedPackets hls = ProbedPackets.of(joined);
    assertEquals(
        upstream.streams().keySet(), hls.streams().keySet(), label + ": streams with packets");
    Map<String, String> differences = new LinkedHashMap<>();
    for (String stream : upstream.streams().keySet()) {
      // Ten seconds at least: the window is 26 s and the follower sees the segments before it.
      String difference =
          ProbedPackets.difference(
              upstream.streams().get(stream), hls.streams().get(stream), 10 * 90_000L);
      if (!difference.isEmpty()) {
        differences.put(stream, difference);
      }
    }
    assertEquals(Map.of(), differences, label + ": native packets against the upstream's");
  }

  /** Check 5: hls.js in headless Chromium plays the 20 s without a stall. */
  private static void hlsJsPlaysWithoutAStall(Running r, HlsJsPlayer.Result result) {
    String label = r.variant().label() + ": " + result.summary();
    assertEquals(List.of(), result.fatalErrors(), label);
    assertTrue(result.playedSeconds() >= READ_SECONDS - 6, label);
    assertTrue(result.videoWidth() > 0, label);
    assertTrue(result.videoFrames() >= (result.playedSeconds() - 2) * 25, label);
    // One sample interval (250 ms) of a still currentTime is the sampler's timer under load; a
    // stall is longer.
    assertTrue(result.longestStall().compareTo(Duration.ofMillis(500)) <= 0, label);
  }

  /**
   * Check 7's playable, for a web player: hls.js plays through the discontinuity without an error
   * and keeps playing after it.
   */
  private static void hlsJsPlaysOverTheJump(Running r, HlsJsPlayer.Result result) {
    String label = r.variant().label() + ": " + result.summary();
    assertEquals(List.of(), result.fatalErrors(), label);
    assertTrue(result.discontinuitiesSeen() >= 1, "played into the jump: " + label);
    assertTrue(result.playedSeconds() >= READ_SECONDS - 6, label);
    // currentTime also moves on audio alone: the picture must keep up with it, 25 frames a second.
    assertTrue(
        result.videoFrames() >= (result.playedSeconds() - 2) * 25,
        "pictures all the way, " + result.videoFrames() + " frames: " + label);
  }

  /**
   * Check 7: the jump stream's playlist marks the jump with {@code #EXT-X-DISCONTINUITY} on the
   * segment whose timestamps leap, and only there; and no segment mixes the two timelines: every
   * audio packet of a segment lies within a second of its video (the muxer's interleaving is a few
   * hundred milliseconds), so a player that re-bases each timeline at the mark finds audio and
   * video of one timeline in each segment.
   */
  private static void theJumpIsMarkedWhereItIs(Gathered g) {
    String label = g.running().variant().label();
    List<PlaylistFollower.Segment> segments = g.followed().segments();
    assertTrue(
        g.followed().playlists().stream()
            .anyMatch(p -> p.lines().anyMatch(l -> l.strip().equals("#EXT-X-DISCONTINUITY"))),
        label + ": no #EXT-X-DISCONTINUITY in " + g.followed().playlists());
    List<ProbedPackets> probed = segments.stream().map(s -> ProbedPackets.of(s.file())).toList();
    List<String> wrong = new ArrayList<>();
    List<String> mixed = new ArrayList<>();
    int marked = 0;
    for (int i = 0; i < segments.size(); i++) {
      String uri = segments.get(i).uri();
      List<ProbedPackets.Packet> video = probed.get(i).streams().getOrDefault("video0", List.of());
      List<ProbedPackets.Packet> audio = probed.get(i).streams().getOrDefault("audio0", List.of());
      if (video.isEmpty()) {
        wrong.add(uri + ": no video");
        continue;
      }
      long videoFrom = video.get(0).pts();
      long videoTo = video.get(video.size() - 1).pts();
      for (ProbedPackets.Packet a : audio) {
        if (a.pts() < videoFrom - 90_000 || a.pts() > videoTo + 90_000) {
          mixed.add(
              uri
                  + ": audio "
                  + seconds(a.pts())
                  + " in video "
                  + seconds(videoFrom)
                  + ".."
                  + seconds(videoTo));
          break;
        }
      }
      if (i == 0) {
        continue;
      }
      List<ProbedPackets.Packet> before =
          probed.get(i - 1).streams().getOrDefault("video0", List.of());
      long previousEnd = before.isEmpty() ? videoFrom : before.get(before.size() - 1).pts();
      boolean leap = videoFrom - previousEnd > TsEncoding.JUMP_SECONDS * 90_000L / 2;
      boolean mark = segments.get(i).discontinuity();
      marked += mark ? 1 : 0;
      if (leap != mark) {
        wrong.add(
            uri
                + (mark ? " marked" : " not marked")
                + ", video "
                + seconds(previousEnd)
                + " -> "
                + seconds(videoFrom));
      }
    }
    List<String> found = wrong;
    assertAll(
        () -> assertEquals(List.of(), found, label + ": marks against timestamp leaps"),
        () -> assertEquals(List.of(), mixed, label + ": segments holding two timelines"));
    assertEquals(1, marked, label + ": one jump, one mark");
  }

  private static String seconds(long ticks) {
    return String.format(java.util.Locale.ROOT, "%.3f", ticks / 90_000.0);
  }

  private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, pool);
  }
}
