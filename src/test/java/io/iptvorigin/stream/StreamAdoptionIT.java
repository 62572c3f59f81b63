package io.iptvorigin.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.Deployments;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.LiveUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * A redeploy or a server reload does not interrupt viewers: the application that comes up adopts
 * the running FFmpeg (verified to be ours by ProcessHandle) instead of restarting it.
 */
@ExtendWith(ArquillianExtension.class)
class StreamAdoptionIT {
  private static final String DEPLOYMENT = "adoption";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ArquillianResource Deployer deployer;
  @ArquillianResource ManagementClient management;

  @Deployment(name = DEPLOYMENT, managed = false, testable = false)
  static WebArchive deployment() {
    return Deployments.productionWar();
  }

  private static Http api() {
    return Http.of("http://127.0.0.1:" + ItEnvironment.property("it.wildfly.http.port"))
        .withAdminToken();
  }

  private static JsonNode active(String id) throws Exception {
    return JSON.readTree(api().get("/api/streams/active").body()).get("streams").get(id);
  }

  @Test
  void runningFfmpegSurvivesARedeployAndIsAdoptedThenStoppedByTheNewDeployment() throws Exception {
    try (LiveUpstream upstream = LiveUpstream.start(0)) {
      deployer.deploy(DEPLOYMENT);
      String id = ItEnvironment.unique("adopt");
      try {
        api()
            .post(
                "/api/channels",
                "{\"channel_id\":\""
                    + id
                    + "\",\"name\":\"Adopt\",\"source_url\":\""
                    + upstream.url("/live/adopt.ts?gop=1")
                    + "\"}");
        assertEquals(
            200, api().post("/api/stream/start", "{\"channel_id\":\"" + id + "\"}").statusCode());
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

        assertEquals(
            200, api().post("/api/stream/stop", "{\"channel_id\":\"" + id + "\"}").statusCode());
        assertFalse(
            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
            "adopted FFmpeg stopped");
        try (Jedis redis = ItEnvironment.redis()) {
          assertFalse(redis.sismember("streams:active", id));
        }
      } finally {
        api().post("/api/stream/stop", "{\"channel_id\":\"" + id + "\"}");
        api().delete("/api/channels/" + id);
        deployer.undeploy(DEPLOYMENT);
      }
    }
  }

  @Test
  void runningFfmpegSurvivesAServerReloadAndIsSupervisedAfterIt() throws Exception {
    try (LiveUpstream upstream = LiveUpstream.start(0)) {
      deployer.deploy(DEPLOYMENT);
      String id = ItEnvironment.unique("reload");
      try {
        api()
            .post(
                "/api/channels",
                "{\"channel_id\":\""
                    + id
                    + "\",\"name\":\"Reload\",\"source_url\":\""
                    + upstream.url("/live/reload.ts?gop=1")
                    + "\"}");
        assertEquals(
            200, api().post("/api/stream/start", "{\"channel_id\":\"" + id + "\"}").statusCode());
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
            after != null && after.get("pid").asLong() != pid,
            "restarted after the crash: " + after);
      } finally {
        api().post("/api/stream/stop", "{\"channel_id\":\"" + id + "\"}");
        api().delete("/api/channels/" + id);
        deployer.undeploy(DEPLOYMENT);
      }
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
