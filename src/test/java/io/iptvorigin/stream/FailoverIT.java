package io.iptvorigin.stream;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Channels with backup sources against a test upstream that cuts, stalls and restores sources:
 * failover within seconds under a player, the return to the first source (the test server checks it
 * after {@code iptv.stream.primary-retry=15} s), a cold start with no working source, and always-on
 * channels.
 */
@ExtendWith(ArquillianExtension.class)
class FailoverIT {
  private static final Pattern SEGMENT = Pattern.compile("stream_\\S+?_([0-9a-f]{8})_\\d+\\.ts");

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();
  private String viewerToken;

  private LiveUpstream upstream() {
    return stack.upstream();
  }

  /** A channel reading {@code /live/NAME.ts} first and {@code /alt/NAME.ts} as its backup. */
  private TestChannels.Channel withBackup(String name) {
    return aChannel()
        .from(upstream().url("/live/" + name + ".ts?gop=2"))
        .withBackups(upstream().url("/alt/" + name + ".ts?gop=2"));
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

  private int sourceIndex(String id) {
    try {
      JsonNode stream = active(id);
      return stream == null ? -1 : stream.path("source_index").asInt(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  private static Set<String> runsIn(String playlist) {
    Set<String> runs = new HashSet<>();
    Matcher m = SEGMENT.matcher(playlist);
    while (m.find()) {
      runs.add(m.group(1));
    }
    return runs;
  }

  private static String lastRunIn(String playlist) {
    Matcher m = SEGMENT.matcher(playlist);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private static void eventually(Duration limit, String what, BooleanSupplier check)
      throws InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      if (check.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    assertTrue(check.getAsBoolean(), what + " within " + limit);
  }

  /**
   * Polls the playlist until a segment of a run other than {@code run} is listed, checking on the
   * way that it always answers 200, the media sequence never goes back and no name is reused.
   */
  private Duration untilNewRunListed(String id, String run, Duration limit, Map<Long, String> names)
      throws InterruptedException {
    Instant start = Instant.now();
    long lastSequence = -1;
    while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
      HttpResponse<String> answer = play(id);
      assertEquals(200, answer.statusCode(), "players keep getting the playlist");
      String text = answer.body();
      long sequence = tag(text, "#EXT-X-MEDIA-SEQUENCE:");
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
      String newest = lastRunIn(text);
      if (newest != null && !newest.equals(run)) {
        assertTrue(text.contains("#EXT-X-DISCONTINUITY\n"), "the switch is marked: " + text);
        return Duration.between(start, Instant.now());
      }
      Thread.sleep(100);
    }
    return limit.plusSeconds(1);
  }

  private static long tag(String playlist, String tag) {
    for (String line : playlist.split("\n")) {
      if (line.startsWith(tag)) {
        return Long.parseLong(line.substring(tag.length()).strip());
      }
    }
    return 0;
  }

  @Test
  void aCutPrimaryHandsOverToTheBackupUnderAPlayerAndTheChannelReturnsToItLater() throws Exception {
    String id = admin.create(withBackup("fo-cut"));
    assertEquals(200, play(id).statusCode());
    String firstRun = lastRunIn(play(id).body());
    CompletableFuture<MediaTools.Result> reader =
        CompletableFuture.supplyAsync(() -> MediaTools.read(liveUrl(id), 30));
    HlsJsPlayer browser = HlsJsPlayer.start(liveUrl(id), Duration.ofSeconds(30));
    Thread.sleep(8000);

    upstream().cut("/live/fo-cut");
    Map<Long, String> names = new HashMap<>();
    Duration switched = untilNewRunListed(id, firstRun, Duration.ofSeconds(10), names);
    assertTrue(switched.compareTo(Duration.ofSeconds(5)) <= 0, "backup listed after " + switched);
    eventually(Duration.ofSeconds(3), "the backup is on record", () -> sourceIndex(id) == 1);
    JsonNode stream = active(id);
    assertTrue(stream.path("last_switch").asText().contains("0>1"), stream.toString());
    assertEquals(1, stream.path("switches").asInt(), stream.toString());
    assertEquals(1, upstream().activeConnections("/alt/fo-cut"), "one connection, to the backup");
    String log = admin.get("/api/streams/" + id + "/log").body();
    assertTrue(log.contains("failover from=0 to=1"), log);

    MediaTools.Result read = reader.get();
    assertEquals(0, read.exit(), "a player reading through the switch: " + read.output());
    HlsJsPlayer.Result web = browser.await();
    assertEquals(List.of(), web.fatalErrors(), "hls.js across the switch: " + web.summary());
    assertTrue(web.progressed() && web.playedSeconds() >= 15, web.summary());
    assertTrue(
        web.discontinuitiesSeen() >= 1, "hls.js crossed the discontinuity: " + web.summary());
    assertTrue(web.videoWidth() > 0, web.summary());

    // The first source comes back; after iptv.stream.primary-retry the channel returns to it.
    upstream().restore("/live/fo-cut");
    String backupRun = lastRunIn(play(id).body());
    Duration back = untilNewRunListed(id, backupRun, Duration.ofSeconds(30), names);
    assertTrue(back.compareTo(Duration.ofSeconds(30)) <= 0, "back to the first source");
    eventually(Duration.ofSeconds(3), "the first source is on record", () -> sourceIndex(id) == 0);
    assertTrue(active(id).path("last_switch").asText().contains("1>0"), active(id).toString());
    eventually(
        Duration.ofSeconds(5),
        "the backup's connection closed",
        () -> upstream().activeConnections("/alt/fo-cut") == 0);
    assertEquals(names.size(), new HashSet<>(names.values()).size(), "no segment name repeats");
  }

  @Test
  void aStalledSourceIsLeftForTheBackup() throws Exception {
    stalledSourceIsLeftForTheBackup(withBackup("fo-stall").remux("ffmpeg"), "fo-stall", "copy");
  }

  /** The native remuxer's video time stands still as FFmpeg's progress does: the same failover. */
  @Test
  void aStalledSourceOfANativeChannelIsLeftForTheBackup() throws Exception {
    stalledSourceIsLeftForTheBackup(withBackup("fo-nstall").remux("native"), "fo-nstall", "native");
  }

  private void stalledSourceIsLeftForTheBackup(
      TestChannels.Channel channel, String name, String mode) throws Exception {
    String id = admin.create(channel);
    assertEquals(200, play(id).statusCode());
    assertEquals(mode, active(id).path("mode").asText(), active(id).toString());
    String firstRun = lastRunIn(play(id).body());
    Thread.sleep(2000);

    upstream().stall("/live/" + name);
    try {
      Duration switched = untilNewRunListed(id, firstRun, Duration.ofSeconds(15), new HashMap<>());
      assertTrue(switched.compareTo(Duration.ofSeconds(12)) <= 0, "switched after " + switched);
      eventually(Duration.ofSeconds(3), "on the backup", () -> sourceIndex(id) == 1);
      assertTrue(
          active(id).path("last_switch").asText().contains("stalled"), active(id).toString());
      assertEquals(mode, active(id).path("mode").asText(), "the backup runs the same way");
    } finally {
      upstream().restore("/live/" + name);
    }
  }

  @Test
  void whileNoSourceWorksViewersGetTheSlateAndThenTheChannelAgain() throws Exception {
    String id = admin.create(withBackup("fo-slate"));
    assertEquals(200, play(id).statusCode());
    CompletableFuture<MediaTools.Result> reader =
        CompletableFuture.supplyAsync(() -> MediaTools.read(liveUrl(id), 40));
    Thread.sleep(4000);
    Set<String> realRuns = new HashSet<>();
    realRuns.add(active(id).get("run").asText());

    upstream().cut("/live/fo-slate");
    upstream().cut("/alt/fo-slate");
    String slateRun = null;
    Instant end = Instant.now().plusSeconds(20);
    try {
      while (slateRun == null && Instant.now().isBefore(end)) {
        JsonNode stream = active(id);
        if (stream != null && stream.has("run")) {
          realRuns.add(stream.get("run").asText());
        }
        HttpResponse<String> answer = play(id);
        assertEquals(200, answer.statusCode(), "viewers already watching never get an error");
        String newest = lastRunIn(answer.body());
        if (newest != null && !realRuns.contains(newest)) {
          slateRun = newest;
        }
        Thread.sleep(200);
      }
      assertNotNull(slateRun, "the slate is listed while no source works");
    } finally {
      upstream().restore("/live/fo-slate");
      upstream().restore("/alt/fo-slate");
    }
    String slate = slateRun;
    eventually(
        Duration.ofSeconds(40),
        "the channel's own pictures again",
        () -> {
          String newest = lastRunIn(play(id).body());
          try {
            JsonNode stream = active(id);
            return newest != null
                && !newest.equals(slate)
                && stream != null
                && newest.equals(stream.path("run").asText());
          } catch (IOException e) {
            return false;
          }
        });
    assertEquals(0, sourceIndex(id), "a new walk begins with the first source");
    MediaTools.Result read = reader.get();
    assertEquals(0, read.exit(), "a player reading through the slate: " + read.output());
  }

  @Test
  void aColdStartWithNoWorkingSourceIs503AndLeavesNoFfmpeg() throws Exception {
    String id =
        admin.create(
            aChannel()
                .from(upstream().url("/notfound.ts"))
                .withBackups(upstream().url("/alt/fo-none.ts?gop=2")));
    upstream().cut("/alt/fo-none");
    try {
      Instant start = Instant.now();
      HttpResponse<String> answer = play(id);
      assertEquals(503, answer.statusCode(), answer.body());
      assertTrue(answer.headers().firstValue("Retry-After").isPresent());
      assertTrue(Duration.between(start, Instant.now()).toSeconds() < 10, "a quick 503");
      Thread.sleep(3000);
      assertEquals(0, ItEnvironment.ffmpegCountFor(id), "no FFmpeg retrying in the background");
      assertFalse(admin.running(id));
      assertTrue(
          upstream().connections("/alt/fo-none") >= 1, "the backup was tried before the 503");
    } finally {
      upstream().restore("/alt/fo-none");
    }
  }

  /** FFmpeg's: the kill is of its process. */
  @Test
  void anAlwaysOnChannelRunsWithoutViewersThroughTheIdleTimeoutAndAKill() throws Exception {
    // The test server: iptv.stream.idle-timeout=20 s; the always-on pass runs every 15 s.
    String id =
        admin.create(
            aChannel().from(upstream().url("/live/fo-always.ts?gop=1")).alwaysOn().remux("ffmpeg"));
    eventually(Duration.ofSeconds(25), "started with no viewer", () -> admin.running(id));
    long pid = active(id).get("pid").asLong();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    eventually(
        Duration.ofSeconds(15),
        "running again after a kill -9",
        () -> {
          try {
            JsonNode stream = active(id);
            return stream != null && stream.path("pid").asLong() != pid;
          } catch (IOException e) {
            return false;
          }
        });
    Thread.sleep(Duration.ofSeconds(36).toMillis()); // past idle timeout + a reaper sweep
    JsonNode stream = active(id);
    assertNotNull(stream, "never reaped for idleness");
    assertNotEquals(pid, stream.get("pid").asLong());
    assertEquals(1, ItEnvironment.ffmpegCountFor(id));
  }
}
