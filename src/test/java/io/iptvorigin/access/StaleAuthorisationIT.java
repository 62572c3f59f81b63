package io.iptvorigin.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.NginxProcess;
import io.iptvorigin.support.OriginStack;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While the application is away, nginx reuses its last authorisation answers only as long as the
 * app's {@code Cache-Control: stale-if-error} allows, so a revoked token cannot ride out an outage.
 * The real nginx config, in front of a stand-in for the app that answers "allowed" with a 3 s bound
 * and then goes away.
 */
class StaleAuthorisationIT {
  private static final Duration CACHE = Duration.ofSeconds(1);
  private static final Duration STALE = Duration.ofSeconds(3);
  @RegisterExtension static final OriginStack stack = OriginStack.withoutDeployment();
  private HttpServer app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop(0);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Test
  void staleAnswersAreServedOnlyWithinTheAppsBound() throws Exception {
    app = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    app.createContext(
        "/internal/authorize",
        exchange -> {
          exchange.getResponseHeaders().add("X-Auth-Status", "200");
          exchange.getResponseHeaders().add("Cache-Control", "stale-if-error=" + STALE.toSeconds());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    app.start();
    Path hls = Files.createDirectories(ItEnvironment.workDir().resolve("stale-hls"));
    String segment = "stream_stale_0a0b0c0d_1.ts";
    Files.writeString(hls.resolve(segment), "segment");
    NginxProcess nginx =
        stack.nginx(
            "nginx-stale",
            Map.of(
                "IPTV_HTTP_PORT", Integer.toString(freePort()),
                "IPTV_APP_ADDR", "127.0.0.1:" + app.getAddress().getPort(),
                "IPTV_HLS_DIR", hls.toString(),
                "IPTV_AUTH_CACHE_SECONDS", Long.toString(CACHE.toSeconds())));
    String url = nginx.baseUrl() + "/live/" + ItEnvironment.newToken() + "/" + segment;
    assertEquals(200, Curl.from("127.0.0.1").get(url).status(), "allowed while the app answers");

    app.stop(0);
    app = null;
    Instant away = Instant.now();
    Instant lastAllowed = away;
    int status = 200;
    while (Instant.now().isBefore(away.plusSeconds(15)) && status == 200) {
      status = Curl.from("127.0.0.1").get(url).status();
      if (status == 200) {
        lastAllowed = Instant.now();
      }
      Thread.sleep(200);
    }
    // The app does not answer at all: a 502, which a cluster's front takes as this node failing.
    assertEquals(502, status, "refused (application unavailable) once the stale bound has passed");
    assertEquals(
        "ERROR: application unavailable, retry", Curl.from("127.0.0.1").get(url).body().strip());
    Duration served = Duration.between(away, lastAllowed);
    assertTrue(
        served.compareTo(CACHE.plus(STALE).plusSeconds(2)) < 0, "stale answers for " + served);
  }

  @Test
  void anAppThatAnswersItCannotDecideIsA503NotANodeFailure() throws Exception {
    app = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    // What the app answers while Redis is away: 503, no decision.
    app.createContext(
        "/internal/authorize",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    app.start();
    Path hls = Files.createDirectories(ItEnvironment.workDir().resolve("stale-hls-503"));
    String segment = "stream_stale_0a0b0c0d_1.ts";
    Files.writeString(hls.resolve(segment), "segment");
    NginxProcess nginx =
        stack.nginx(
            "nginx-stale-503",
            Map.of(
                "IPTV_HTTP_PORT", Integer.toString(freePort()),
                "IPTV_APP_ADDR", "127.0.0.1:" + app.getAddress().getPort(),
                "IPTV_HLS_DIR", hls.toString()));
    Curl.Answer answer =
        Curl.from("127.0.0.1")
            .get(nginx.baseUrl() + "/live/" + ItEnvironment.newToken() + "/" + segment);
    assertEquals(503, answer.status(), answer.body());
    assertEquals("ERROR: authorisation unavailable, retry", answer.body().strip());
  }
}
