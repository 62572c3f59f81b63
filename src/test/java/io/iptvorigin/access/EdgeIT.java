package io.iptvorigin.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.Deployments;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.NginxProcess;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What players and the panel see through the real nginx rendered from nginx/. */
@ExtendWith(ArquillianExtension.class)
class EdgeIT {
  private static NginxProcess nginx;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.productionWar();
  }

  @BeforeAll
  static void startNginx() {
    nginx = NginxProcess.start();
  }

  @AfterAll
  static void stopNginx() {
    if (nginx != null) {
      nginx.close();
    }
  }

  private String subscriber() {
    String token = ItEnvironment.newToken();
    Http.admin(base)
        .post(
            "/api/users",
            "{\"username\":\"" + ItEnvironment.unique("edge") + "\",\"token\":\"" + token + "\"}");
    return token;
  }

  /** curl from another loopback address (127.0.0.2), as a host that is not the panel. */
  private static String curlFrom(String source, String path) throws Exception {
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--interface",
                source,
                nginx.baseUrl() + path)
            .start();
    assertTrue(curl.waitFor(20, TimeUnit.SECONDS));
    return new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void playlistThroughNginxPointsPlayersAtNginx() {
    String id = ItEnvironment.unique("edge");
    Http.admin(base)
        .post(
            "/api/channels",
            "{\"channel_id\":\""
                + id
                + "\",\"name\":\"Edge\",\"source_url\":\"http://up.example/x.ts\"}");
    String token = subscriber();

    HttpResponse<String> playlist =
        Http.of(nginx.baseUrl()).get("/get_playlist.php?token=" + token);

    assertEquals(200, playlist.statusCode());
    assertEquals("no-store", playlist.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(
        playlist.headers().firstValue("Content-Type").orElse("").startsWith("audio/x-mpegurl"));
    assertTrue(
        playlist.body().contains(nginx.baseUrl() + "/live/" + token + "/stream_" + id + ".m3u8"),
        playlist.body());
    assertEquals(
        playlist.body(), Http.of(nginx.baseUrl()).get("/playlist/" + token + ".m3u8").body());
    Http.admin(base).delete("/api/channels/" + id);
  }

  @Test
  void badTokenThroughNginxIsAPlainRefusal() {
    HttpResponse<String> refused = Http.of(nginx.baseUrl()).get("/get_playlist.php?token=nope");
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().startsWith("ERROR:"));
  }

  @Test
  void healthIsPublicAndTheRestOfTheApiNeedsTheAdminToken() {
    Http outside = Http.of(nginx.baseUrl());
    assertEquals(200, outside.get("/api/health").statusCode());
    assertEquals(401, outside.get("/api/users").statusCode());
    assertEquals(200, outside.withAdminToken().get("/api/users").statusCode());
  }

  @Test
  void apiIsClosedToAddressesOutsideThePanelAllowList() throws Exception {
    assertEquals("403", curlFrom("127.0.0.2", "/api/users"));
    assertEquals("200", curlFrom("127.0.0.2", "/api/health"));
  }

  @Test
  void nginxRevealsNoVersionNoListingsAndNoOtherFiles() {
    Http outside = Http.of(nginx.baseUrl());
    HttpResponse<String> health = outside.get("/api/health");
    assertFalse(health.headers().firstValue("Server").orElse("").matches(".*\\d.*"), "no version");
    for (String path :
        List.of("/live/", "/live/x.txt", "/live/../etc/passwd", "/", "/WEB-INF/web.xml")) {
      int status = outside.get(path).statusCode();
      assertTrue(status == 404 || status == 400, path + " -> " + status);
    }
  }

  @Test
  void playlistRequestsAreRateLimitedPerAddress() throws Exception {
    // One curl, 150 URLs over one keep-alive connection: far above the rate, from one address.
    List<String> command =
        new java.util.ArrayList<>(
            List.of("curl", "-s", "-w", "%{http_code}\\n", "--interface", "127.0.0.3"));
    for (int i = 0; i < 150; i++) {
      command.addAll(List.of("-o", "/dev/null", nginx.baseUrl() + "/get_playlist.php?token=" + i));
    }
    Process curl = new ProcessBuilder(command).start();
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
    List<String> statuses =
        new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertEquals(150, statuses.size());
    assertTrue(statuses.contains("429"), "rapid requests from one address limited: " + statuses);
    assertTrue(statuses.contains("401"), "requests within the burst reach the app");
  }
}
