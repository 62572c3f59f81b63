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
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** A redeploy does not interrupt viewers: the new deployment adopts the running FFmpeg. */
@ExtendWith(ArquillianExtension.class)
class StreamAdoptionIT {
  private static final String DEPLOYMENT = "adoption";
  private static final ObjectMapper JSON = new ObjectMapper();

  @ArquillianResource Deployer deployer;

  @Deployment(name = DEPLOYMENT, managed = false, testable = false)
  static WebArchive deployment() {
    return Deployments.productionWar();
  }

  private static Http api() {
    return Http.of("http://127.0.0.1:" + ItEnvironment.property("it.wildfly.http.port")).withAdminToken();
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
        api().post("/api/channels", "{\"channel_id\":\"" + id + "\",\"name\":\"Adopt\",\"source_url\":\""
            + upstream.url("/live/adopt.ts?gop=1") + "\"}");
        assertEquals(200, api().post("/api/stream/start", "{\"channel_id\":\"" + id + "\"}").statusCode());
        long pid = active(id).get("pid").asLong();

        deployer.undeploy(DEPLOYMENT);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "FFmpeg outlives undeploy");
        deployer.deploy(DEPLOYMENT);

        assertEquals(pid, active(id).get("pid").asLong(), "same process after redeploy");
        Path playlist = ItEnvironment.hlsDir().resolve("stream_" + id + ".m3u8");
        FileTime before = Files.getLastModifiedTime(playlist);
        Thread.sleep(3000);
        assertTrue(Files.getLastModifiedTime(playlist).compareTo(before) > 0, "playlist still advancing");

        assertEquals(200, api().post("/api/stream/stop", "{\"channel_id\":\"" + id + "\"}").statusCode());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "adopted FFmpeg stopped");
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
}
