package io.iptvorigin.stream;

import static io.iptvorigin.support.TestChannels.aChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A redeploy or a server reload does not interrupt viewers: the application that comes up adopts
 * the running FFmpeg (verified to be ours by ProcessHandle) instead of restarting it.
 */
@ExtendWith(ArquillianExtension.class)
class StreamAdoptionIT {
  private static final String DEPLOYMENT = "adoption";

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployedByTheTest(DEPLOYMENT).withUpstream();

  @ArquillianResource Deployer deployer;
  @ArquillianResource ManagementClient management;

  private static AdminApi api() {
    return stack.admin();
  }

  private static JsonNode active(String id) throws Exception {
    return api().activeStream(id);
  }

  /** A channel run by FFmpeg, started: what a redeploy or reload adopts is its process. */
  private void startFfmpegChannel(String id, String sourcePath) {
    api()
        .post(
            "/api/channels",
            aChannel().withId(id).from(stack.upstream().url(sourcePath)).remux("ffmpeg").json());
    assertEquals(200, api().startStream(id).statusCode());
  }

  /** The clean-up the stack cannot do after the test: the application is undeployed by then. */
  private void removeAndUndeploy(String id) {
    api().stopStream(id);
    api().delete("/api/channels/" + id);
    deployer.undeploy(DEPLOYMENT);
  }

  @Test
  void runningFfmpegSurvivesARedeployAndIsAdoptedThenStoppedByTheNewDeployment() throws Exception {
    deployer.deploy(DEPLOYMENT);
    String id = ItEnvironment.unique("adopt");
    try {
      startFfmpegChannel(id, "/live/adopt.ts?gop=1");
      long pid = active(id).get("pid").asLong();

      deployer.undeploy(DEPLOYMENT);
      assertTrue(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "FFmpeg outlives undeploy");
      deployer.deploy(DEPLOYMENT);

      assertEquals(pid, active(id).get("pid").asLong(), "same process after redeploy");
      Path playlist = ItEnvironment.hlsDir().resolve("stream_" + id + ".m3u8");
      FileTime before = Files.getLastModifiedTime(playlist);
      Thread.sleep(3000);
      assertTrue(
          Files.getLastModifiedTime(playlist).compareTo(before) > 0, "playlist still advancing");

      assertEquals(200, api().stopStream(id).statusCode());
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "adopted FFmpeg stopped");
      try (Jedis redis = ItEnvironment.redis()) {
        assertFalse(redis.sismember("streams:active", id));
      }
    } finally {
      removeAndUndeploy(id);
    }
  }

  @Test
  void aNativeRunStartsAgainAfterARedeployAndItsPlaylistGoesOnWithOneDiscontinuity()
      throws Exception {
    deployer.deploy(DEPLOYMENT);
    String id = ItEnvironment.unique("native");
    try {
      String json =
          aChannel().withId(id).from(stack.upstream().url("/live/native.ts?gop=1")).json();
      api().post("/api/channels", json.replaceFirst("\\{", "{\"remux\":\"native\","));
      assertEquals(200, api().startStream(id).statusCode());
      JsonNode running = active(id);
      assertEquals("native", running.get("mode").asText(), running.toString());
      assertFalse(running.has("pid"), "a native run has no process: " + running);
      Path playlist = ItEnvironment.hlsDir().resolve("stream_" + id + ".m3u8");
      String before = awaitPlaylist(playlist, p -> segments(p).size() >= 2, "two segments");
      String runBefore = running.get("run").asText();

      deployer.undeploy(DEPLOYMENT);
      assertTrue(Files.exists(playlist), "the files outlive the deployment");
      deployer.deploy(DEPLOYMENT);

      String after =
          awaitPlaylist(
              playlist,
              p -> segments(p).stream().anyMatch(s -> !s.contains("_" + runBefore + "_")),
              "a segment of the new run");
      List<String> old = segments(before);
      List<String> now = segments(after);
      assertTrue(now.contains(old.get(old.size() - 1)), "goes on from before:\n" + after);
      assertTrue(
          mediaSequence(after) >= mediaSequence(before), "media sequence goes on:\n" + after);
      String fromTheLastOld = after.substring(after.indexOf(old.get(old.size() - 1)));
      assertEquals(
          1,
          fromTheLastOld.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count(),
          "one discontinuity where the new run begins:\n" + after);
      JsonNode resumed = active(id);
      assertEquals("native", resumed.get("mode").asText(), resumed.toString());
      assertFalse(resumed.get("run").asText().equals(runBefore), resumed.toString());
    } finally {
      removeAndUndeploy(id);
    }
  }

  private static List<String> segments(String playlist) {
    return playlist.lines().filter(l -> l.endsWith(".ts")).toList();
  }

  private static long mediaSequence(String playlist) {
    return playlist
        .lines()
        .filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
        .map(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
        .findFirst()
        .orElse(0L);
  }

  private static String awaitPlaylist(Path playlist, Predicate<String> done, String what)
      throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    String text = "";
    while (System.currentTimeMillis() < deadline) {
      text = Files.exists(playlist) ? Files.readString(playlist) : "";
      if (done.test(text)) {
        return text;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + what + " in 20 s:\n" + text);
  }

  @Test
  void runningFfmpegSurvivesAServerReloadAndIsSupervisedAfterIt() throws Exception {
    deployer.deploy(DEPLOYMENT);
    String id = ItEnvironment.unique("reload");
    try {
      startFfmpegChannel(id, "/live/reload.ts?gop=1");
      long pid = active(id).get("pid").asLong();

      ModelNode reload = new ModelNode();
      reload.get("operation").set("reload");
      reload.get("address").setEmptyList();
      management.getControllerClient().execute(reload);
      awaitHealthy();

      assertEquals(pid, active(id).get("pid").asLong(), "same FFmpeg after the reload");
      // Supervised again, not merely left running: a crash is restarted.
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      long deadline = System.currentTimeMillis() + 10_000;
      JsonNode after = active(id);
      while ((after == null || after.get("pid").asLong() == pid)
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(250);
        after = active(id);
      }
      assertTrue(
          after != null && after.get("pid").asLong() != pid, "restarted after the crash: " + after);
    } finally {
      removeAndUndeploy(id);
    }
  }

  private static void awaitHealthy() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    Thread.sleep(1000);
    while (System.currentTimeMillis() < deadline) {
      try {
        if (api().get("/api/health").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // the server is still reloading
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("server did not come back after reload");
  }
}
