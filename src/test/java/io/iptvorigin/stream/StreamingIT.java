package io.iptvorigin.stream;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.HlsJsPlayer;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.LiveUpstream;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestChannels;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The whole start path for real: a player's request through nginx, try_files miss, the start
 * endpoint, one run pulling a live upstream (the native remuxer, {@code remux: auto} on a TS
 * upstream, or FFmpeg where a test is about its process), HLS on disk served by nginx, read by
 * FFmpeg as an HLS client; supervision (restart, fallback, stop, idle) observed from outside.
 */
@ExtendWith(ArquillianExtension.class)
class StreamingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  /**
   * The test's subscriber, allowed many connections: these tests are about streaming, not limits.
   * One per test, so the cold starts of one test never count against another's (at most 10 a minute
   * per subscriber).
   */
  private String viewerToken;

  private final AdminApi admin = stack.admin();

  private String channel(String sourcePath) {
    return admin.create(from(sourcePath));
  }

  /** A channel whose copy runs are FFmpeg's: for the tests about its process. */
  private String ffmpegChannel(String sourcePath) {
    return admin.create(from(sourcePath).remux("ffmpeg"));
  }

  /** A channel pulling {@code sourcePath} from the live upstream. */
  private static TestChannels.Channel from(String sourcePath) {
    return aChannel().from(stack.upstream().url(sourcePath));
  }

  private String liveUrl(String id) {
    if (viewerToken == null) {
      viewerToken = admin.create(aUser().withMaxConnections(1000)).token();
    }
    return stack.edge().hlsUrl(viewerToken, id);
  }

  private HttpResponse<String> play(String id) {
    return Http.of("").get(liveUrl(id));
  }

  private JsonNode active(String id) throws IOException {
    return admin.activeStream(id);
  }

  private static ProcessResult ffmpegReads(String url, int seconds) {
    MediaTools.Result read = MediaTools.read(url, seconds);
    return new ProcessResult(read.exit(), read.output());
  }

  private record ProcessResult(int exit, String output) {}

  private static long ffmpegCountFor(String id) {
    return ItEnvironment.ffmpegCountFor(id);
  }

  /** Whether anything runs the channel: a run the API lists, or an FFmpeg writing it. */
  private boolean runs(String id) {
    try {
      return active(id) != null || ffmpegCountFor(id) > 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> filesOf(String id) throws IOException {
    try (Stream<Path> files = Files.list(ItEnvironment.hlsDir())) {
      return files.filter(f -> f.getFileName().toString().startsWith("stream_" + id)).toList();
    }
  }

  private static void eventually(
      Duration limit, String what, java.util.function.BooleanSupplier check)
      throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(250);
    }
    assertTrue(check.getAsBoolean(), what + " within " + limit);
  }

  @Test
  void coldChannelIsPlayableThroughNginxAndDecodesWithoutError() throws Exception {
    String id = channel("/live/cold.ts?gop=2");

    HttpResponse<String> playlist = play(id);

    assertEquals(200, playlist.statusCode(), playlist.body());
    assertTrue(playlist.body().contains("#EXTINF"), playlist.body());
    assertFalse(playlist.body().contains("EVENT"), "plain live sliding window");
    assertTrue(
        playlist.body().matches("(?s).*stream_" + id + "_[0-9a-f]{8}_[0-9]+\\.ts.*"),
        "run id in names");
    ProcessResult read = ffmpegReads(liveUrl(id), 6);
    assertEquals(0, read.exit(), read.output());
    assertEquals("", read.output().strip(), "a joining player decodes from its first frame");
  }

  @Test
  void playlistAndSegmentsCarryCachingAndCorsHeaders() throws Exception {
    String id = channel("/live/headers.ts?gop=1");
    assertEquals(200, play(id).statusCode());
    HttpResponse<String> playlist = play(id);
    assertEquals("*", playlist.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    String cache = playlist.headers().firstValue("Cache-Control").orElse("");
    assertTrue(cache.contains("no-cache") || cache.contains("max-age=1"), cache);
    String segment =
        playlist.body().lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
    HttpResponse<String> ts = stack.edge().http().get("/live/" + viewerToken + "/" + segment);
    assertEquals(200, ts.statusCode());
    assertTrue(ts.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
    assertTrue(ts.headers().firstValue("Content-Type").orElse("").contains("video/mp2t"));
    // Error answers too: without the header a web player sees status 0, not the 404.
    for (String missing :
        List.of(segment.replaceAll("_[0-9]+\\.ts$", "_1.ts"), "nothing.txt", "sub/dir")) {
      HttpResponse<String> answer = stack.edge().http().get("/live/" + viewerToken + "/" + missing);
      assertEquals(404, answer.statusCode(), missing);
      assertEquals(
          "*", answer.headers().firstValue("Access-Control-Allow-Origin").orElse(""), missing);
    }
  }

  /**
   * A web player for real: hls.js in headless Chromium, its page on another origin than nginx (so
   * CORS counts), plays a channel through nginx without a fatal error, and the picture moves.
   */
  @Test
  void hlsJsInABrowserPlaysAChannelFromAnotherOrigin() {
    String id = channel("/live/hlsjs.ts?gop=2");
    assertEquals(200, play(id).statusCode(), "the channel runs before the player comes");

    HlsJsPlayer.Result result = HlsJsPlayer.play(liveUrl(id), Duration.ofSeconds(20));

    assertEquals(List.of(), result.fatalErrors(), result.summary());
    assertTrue(result.progressed(), result.summary());
    assertTrue(result.playedSeconds() >= 10, "most of the 20 s played: " + result.summary());
    assertTrue(result.videoWidth() > 0, "pictures decoded: " + result.summary());
  }

  @Test
  void concurrentViewersOfAColdChannelShareOneStartAndOneUpstreamConnection() throws Exception {
    String id = channel("/live/crowd-" + ItEnvironment.unique("x") + ".ts?gop=2");
    ExecutorService viewers = Executors.newFixedThreadPool(50);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(viewers.submit(() -> play(id)));
      }
      for (Future<HttpResponse<String>> answer : answers) {
        assertEquals(200, answer.get().statusCode(), answer.get().body());
      }
    } finally {
      viewers.shutdown();
    }
    JsonNode stream = active(id);
    String upstreamPath = pathOf(stream.get("source").asText());
    assertEquals(1, stack.upstream().activeConnections(upstreamPath), "one run pulls the channel");
    assertTrue(ffmpegCountFor(id) <= 1, "at most one FFmpeg for the channel");
    assertEquals("0", stream.get("restarts").asText());
  }

  private static String pathOf(String url) {
    return java.net.URI.create(url).getPath();
  }

  @Test
  void missingSegmentIsAPlain404AndStartsNothing() {
    String id = channel("/live/nostart.ts");
    HttpResponse<String> segment = Http.of("").get(liveUrl(id).replace(".m3u8", "_0a1b2c3d_1.ts"));
    assertEquals(404, segment.statusCode());
    assertFalse(runs(id));
  }

  @Test
  void unknownOrInactiveChannelIs404() {
    assertEquals(404, Http.of("").get(liveUrl("nosuchchannel")).statusCode());
    String id = admin.create(from("/live/inactive.ts").active(false));
    assertEquals(404, play(id).statusCode());
    assertFalse(runs(id));
  }

  @Test
  void startEndpointIsNotReachableFromOutside() {
    String id = channel("/live/internal.ts");
    Http outside = stack.edge().http();
    for (String path :
        List.of(
            "/api/internal/start/" + id,
            "/internal/authorize",
            "/_hls/stream_" + id + ".m3u8",
            "/api/internal/../internal/start/" + id,
            "/live/../api/internal/start/" + id)) {
      int status = outside.get(path).statusCode();
      assertTrue(status == 404 || status == 400 || status == 403, path + " -> " + status);
    }
    assertFalse(runs(id));
  }

  @Test
  void upstreamThatCannotBeCopiedFallsBackToTranscoding() throws Exception {
    String id = channel("/vp8/fallback.mkv");
    HttpResponse<String> playlist = play(id);
    if (playlist.statusCode() == 503) {
      playlist = play(id); // transcode start may outlast the first request's bound
    }
    assertEquals(200, playlist.statusCode(), playlist.body());
    assertEquals("transcode", active(id).get("mode").asText());
    ProcessResult read = ffmpegReads(liveUrl(id), 4);
    assertEquals(0, read.exit(), read.output());
  }

  @Test
  void deadUpstreamIs503WithRetryAfterWithinTheStartTimeout() {
    String id = channel("/dead.ts");
    Instant start = Instant.now();
    HttpResponse<String> playlist = play(id);
    Duration took = Duration.between(start, Instant.now());
    assertEquals(503, playlist.statusCode());
    assertTrue(playlist.headers().firstValue("Retry-After").isPresent());
    assertTrue(playlist.body().contains(id), playlist.body());
    assertTrue(took.toSeconds() <= 16, "bounded by iptv.stream.start-timeout: " + took);
  }

  @Test
  void upstreamDownIs503QuicklyLeavesNoFfmpegAndKeepsFailingStartsCooledDown() throws Exception {
    String id = channel("/notfound.ts");
    Instant start = Instant.now();
    HttpResponse<String> first = play(id);
    assertEquals(503, first.statusCode());
    assertTrue(Duration.between(start, Instant.now()).toSeconds() < 8, "quick 503");
    assertFalse(
        first.body().contains("127.0.0.1"), "no upstream URL leaks to players: " + first.body());
    Thread.sleep(3000);
    assertFalse(runs(id), "nothing retrying after the 503");
    // Cold starts failing in a row wait longer each time, up to the cool-down after
    // iptv.stream.max-failures=3 of them (iptv.stream.failure-cooldown=20 s on the test server).
    eventually(
        Duration.ofSeconds(30),
        "channel cooled down",
        () -> {
          play(id);
          try (Jedis redis = ItEnvironment.redis()) {
            return redis.ttl("stream:" + id + ":failed_until") > 10;
          }
        });
    assertFalse(runs(id));
    Instant again = Instant.now();
    HttpResponse<String> cooled = play(id);
    assertEquals(503, cooled.statusCode());
    assertTrue(
        Duration.between(again, Instant.now()).toMillis() < 1000, "failed channel answers at once");
    assertTrue(Long.parseLong(cooled.headers().firstValue("Retry-After").orElse("0")) > 0);
    assertFalse(runs(id), "no new run during the cool-down");
    try (Jedis redis = ItEnvironment.redis()) {
      redis.del("stream:" + id + ":failed_until", "stream:" + id + ":start_failures");
    }
  }

  @Test
  void ffmpegLogIsAvailableThroughTheApi() throws Exception {
    String id = ffmpegChannel("/notfound.ts");
    play(id);
    JsonNode log = JSON.readTree(admin.get("/api/streams/" + id + "/log").body());
    assertTrue(log.get("lines").toString().contains("404"), log.toString());
  }

  @Test
  void aPidInRedisThatIsNotOurFfmpegIsNeverSignalled() throws Exception {
    String id = channel("/live/foreign.ts");
    Process stranger = new ProcessBuilder("sleep", "60").start();
    try (Jedis redis = ItEnvironment.redis()) {
      redis.set("stream:" + id + ":pid", Long.toString(stranger.pid()));
      redis.set("stream:" + id + ":owner", "it-node");
      redis.sadd("streams:active", id);
    }
    try {
      HttpResponse<String> stop = admin.post("/api/stream/stop", "{\"channel_id\":\"" + id + "\"}");
      assertEquals(200, stop.statusCode());
      Thread.sleep(500);
      assertTrue(
          stranger.isAlive(), "a process that is not our FFmpeg for the channel is left alone");
      try (Jedis redis = ItEnvironment.redis()) {
        assertFalse(redis.sismember("streams:active", id), "its stale state is cleaned");
      }
    } finally {
      stranger.destroyForcibly();
    }
  }

  /** FFmpeg's path: the native reader follows redirects itself, each target checked. */
  @Test
  void redirectingUpstreamIsResolvedFirst() throws Exception {
    String id = ffmpegChannel("/redirect/resolved.ts?gop=1");
    assertEquals(200, play(id).statusCode());
    JsonNode stream = active(id);
    assertTrue(stream.get("source").asText().contains("/redirect/"));
    assertTrue(
        stream.get("resolved_source").asText().contains("/live/resolved.ts"), stream.toString());
  }

  @Test
  void perChannelUserAgentAndRefererReachTheUpstream() {
    String id =
        admin.create(
            from("/headers/agent.ts")
                .withUserAgent(LiveUpstream.REQUIRED_USER_AGENT)
                .withReferer(LiveUpstream.REQUIRED_REFERER));
    assertEquals(200, play(id).statusCode());
  }

  @Test
  void stopEndsFfmpegAndRemovesFilesAndKeys() throws Exception {
    String id = ffmpegChannel("/live/stop.ts?gop=1");
    assertEquals(200, play(id).statusCode());
    long pid = active(id).get("pid").asLong();
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

    HttpResponse<String> stop = admin.post("/api/stream/stop", "{\"channel_id\":\"" + id + "\"}");

    assertEquals(200, stop.statusCode(), stop.body());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "ffmpeg gone");
    assertEquals(List.of(), filesOf(id));
    try (Jedis redis = ItEnvironment.redis()) {
      assertEquals(java.util.Set.of(), redis.keys("stream:" + id + ":*"));
      assertFalse(redis.sismember("streams:active", id));
    }
  }

  @Test
  void killedFfmpegIsRestartedAndTheChannelPlaysAgain() throws Exception {
    String id = ffmpegChannel("/live/crash.ts?gop=1");
    assertEquals(200, play(id).statusCode());
    long pid = active(id).get("pid").asLong();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    eventually(
        Duration.ofSeconds(5),
        "a new FFmpeg serving the channel",
        () -> {
          try {
            JsonNode stream = active(id);
            return stream != null && stream.get("pid").asLong() != pid && !filesOf(id).isEmpty();
          } catch (IOException e) {
            return false;
          }
        });
    assertNotEquals(pid, active(id).get("pid").asLong());
    assertEquals(200, play(id).statusCode());
    assertEquals(1, active(id).get("restarts").asInt());
  }

  /**
   * A restart under a watching player (issue 15, continuity): the playlist never goes away, its
   * media sequence only grows, a sequence number always names the same segment, the new run is
   * marked with one discontinuity whose leaving the window is counted, every segment has its
   * wall-clock time, and an ffmpeg reading the playlist through the restart carries on.
   */
  @Test
  void aRestartUnderAPlayerKeepsThePlaylistGoingWithOneDiscontinuity() throws Exception {
    String id = ffmpegChannel("/live/continuity.ts?gop=1");
    assertEquals(200, play(id).statusCode());
    long pid = active(id).get("pid").asLong();
    java.util.concurrent.CompletableFuture<ProcessResult> reader =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> ffmpegReads(liveUrl(id), 20));
    Thread.sleep(3000);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    java.util.Map<Long, String> names = new java.util.HashMap<>();
    long lastSequence = -1;
    boolean marked = false;
    boolean counted = false;
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    while (!(marked && counted) && Instant.now().isBefore(end)) {
      HttpResponse<String> answer = play(id);
      assertEquals(200, answer.statusCode(), "the playlist stays through the restart");
      String text = answer.body();
      long sequence = sequenceOf(text, "#EXT-X-MEDIA-SEQUENCE:");
      assertTrue(sequence >= lastSequence, "the media sequence never goes back: " + text);
      lastSequence = sequence;
      long n = sequence;
      for (String line : text.split("\n")) {
        if (line.startsWith("stream_")) {
          String before = names.putIfAbsent(n, line);
          assertTrue(before == null || before.equals(line), n + " named twice: " + text);
          n++;
        }
      }
      assertEquals(
          text.split("#EXTINF").length - 1,
          text.split("#EXT-X-PROGRAM-DATE-TIME:").length - 1,
          "every segment has its time: " + text);
      assertTrue(text.split("#EXT-X-DISCONTINUITY\n").length <= 2, "one mark at most: " + text);
      marked |= text.contains("#EXT-X-DISCONTINUITY\n");
      counted |= marked && sequenceOf(text, "#EXT-X-DISCONTINUITY-SEQUENCE:") == 1;
      Thread.sleep(500);
    }
    assertTrue(marked, "the new run was marked");
    assertTrue(counted, "the mark's leaving was counted");
    assertEquals(names.size(), new java.util.HashSet<>(names.values()).size(), "no name repeats");
    ProcessResult read = reader.get();
    assertEquals(0, read.exit(), "a player reading through the restart: " + read.output());
  }

  private static long sequenceOf(String playlist, String tag) {
    for (String line : playlist.split("\n")) {
      if (line.startsWith(tag)) {
        return Long.parseLong(line.substring(tag.length()).strip());
      }
    }
    return 0;
  }

  @Test
  void watchedChannelSurvivesTheIdleTimeoutAndAnAbandonedOneIsStopped() throws Exception {
    // The test server runs with iptv.stream.idle-timeout=20 s and the reaper sweeps every 15 s.
    String watched = channel("/live/watched.ts?gop=1");
    String abandoned = channel("/live/abandoned.ts?gop=1");
    assertEquals(200, play(watched).statusCode());
    assertEquals(200, play(abandoned).statusCode());
    String watchedRun = active(watched).get("run").asText();

    Instant end = Instant.now().plusSeconds(42);
    while (Instant.now().isBefore(end)) {
      assertEquals(200, play(watched).statusCode());
      Thread.sleep(2000);
    }

    assertEquals(watchedRun, active(watched).get("run").asText(), "watched channel kept running");
    assertEquals(null, active(abandoned), "abandoned channel stopped");
    assertFalse(runs(abandoned));
  }
}
