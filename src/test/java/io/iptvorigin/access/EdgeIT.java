package io.iptvorigin.access;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.Http;
import io.iptvorigin.support.OriginStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What players and the panel see through the real nginx rendered from nginx/. */
@ExtendWith(ArquillianExtension.class)
class EdgeIT {
  @RegisterExtension static final OriginStack stack = OriginStack.deployed().withNginx();

  private String subscriber() {
    return stack.admin().create(aUser()).token();
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
                stack.edge().url(path))
            .start();
    assertTrue(curl.waitFor(20, TimeUnit.SECONDS));
    return new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void playlistThroughNginxPointsPlayersAtNginx() {
    String id = stack.admin().create(aChannel().from("http://up.example/x.ts"));
    String token = subscriber();

    HttpResponse<String> playlist = stack.edge().http().get("/get_playlist.php?token=" + token);

    assertEquals(200, playlist.statusCode());
    assertEquals("no-store", playlist.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(
        playlist.headers().firstValue("Content-Type").orElse("").startsWith("audio/x-mpegurl"));
    assertTrue(
        playlist
            .body()
            .contains(stack.edge().baseUrl() + "/live/" + token + "/stream_" + id + ".m3u8"),
        playlist.body());
    assertEquals(playlist.body(), stack.edge().http().get("/playlist/" + token + ".m3u8").body());
  }

  @Test
  void badTokenThroughNginxIsAPlainRefusal() {
    HttpResponse<String> refused = stack.edge().http().get("/get_playlist.php?token=nope");
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().startsWith("ERROR:"));
  }

  @Test
  void healthIsPublicAndTheRestOfTheApiNeedsTheAdminToken() {
    Http outside = stack.edge().http();
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
    Http outside = stack.edge().http();
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
      command.addAll(List.of("-o", "/dev/null", stack.edge().url("/get_playlist.php?token=" + i)));
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
