package io.iptvorigin.upstream;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.LiveUpstream;
import io.iptvorigin.support.OriginStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile upstream (on 127.0.0.9, the one address the test origin may fetch from) answers with
 * redirects to loopback services and with HLS playlists whose segments point at them, in several
 * spellings of 127.0.0.1. Neither the app's redirect resolver nor FFmpeg ever reaches them: a
 * canary listening on 127.0.0.1 sees no connection, and the app's start endpoint starts nothing.
 * The API refuses such source URLs outright.
 */
@ExtendWith(ArquillianExtension.class)
class HostileUpstreamIT {
  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private static HttpServer hostile;
  private static ServerSocket canary;
  private static final AtomicInteger canaryHits = new AtomicInteger();
  private static final Map<String, AtomicInteger> hostileHits = new ConcurrentHashMap<>();
  private final AdminApi admin = stack.admin();

  @BeforeAll
  static void start() throws IOException {
    canary = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread watcher =
        new Thread(
            () -> {
              while (!canary.isClosed()) {
                try (Socket s = canary.accept()) {
                  canaryHits.incrementAndGet();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "canary");
    watcher.setDaemon(true);
    watcher.start();
    hostile =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(LiveUpstream.ADDRESS), 0), 50);
    hostile.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          hostileHits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          String query = exchange.getRequestURI().getRawQuery();
          if (path.startsWith("/redirect") && query != null && query.startsWith("to=")) {
            exchange
                .getResponseHeaders()
                .add(
                    "Location",
                    java.net.URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(302, -1);
          } else if (path.equals("/hostile.m3u8")) {
            byte[] body = hostilePlaylist().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.apple.mpegurl");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } else {
            exchange.sendResponseHeaders(404, -1);
          }
          exchange.close();
        });
    hostile.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (hostile != null) {
      hostile.stop(0);
    }
    if (canary != null) {
      canary.close();
    }
  }

  private static List<String> canaryUrls() {
    int port = canary.getLocalPort();
    return List.of(
        "http://127.0.0.1:" + port + "/x.ts",
        "http://2130706433:" + port + "/x.ts",
        "http://0x7f000001:" + port + "/x.ts",
        "http://0177.0.0.1:" + port + "/x.ts",
        "http://127.1:" + port + "/x.ts",
        "http://localhost:" + port + "/x.ts",
        "http://[::ffff:127.0.0.1]:" + port + "/x.ts",
        "https://127.0.0.1:" + port + "/x.ts");
  }

  private static String startUrl(String channel) {
    return ItEnvironment.appUrl() + "/api/internal/start/" + channel;
  }

  private static String hostilePlaylist() {
    StringBuilder m3u =
        new StringBuilder(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n");
    for (String url : canaryUrls()) {
      m3u.append("#EXTINF:2.0,\n").append(url).append('\n');
    }
    m3u.append("#EXTINF:2.0,\n").append(startUrl("victim")).append('\n');
    return m3u.toString();
  }

  private String hostileUrl(String path) {
    return "http://" + LiveUpstream.ADDRESS + ":" + hostile.getAddress().getPort() + path;
  }

  private String channel(String source) {
    return admin.create(aChannel().from(source));
  }

  private String subscriber() {
    return admin.create(aUser()).token();
  }

  @Test
  void redirectsAndHlsPlaylistsNeverReachLoopback() throws Exception {
    String victim = admin.create(aLiveChannel(stack.upstream()));
    List<String> sources = new java.util.ArrayList<>();
    for (String target : canaryUrls()) {
      sources.add(
          hostileUrl("/redirect?to=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8)));
    }
    sources.add(
        hostileUrl(
            "/redirect-app?to="
                + java.net.URLEncoder.encode(startUrl(victim), StandardCharsets.UTF_8)));
    sources.add(hostileUrl("/hostile.m3u8"));
    String token = subscriber();
    for (String source : sources) {
      String id = channel(source);
      Curl.Answer answer = Curl.from("127.0.0.1").get(stack.edge().hlsUrl(token, id));
      assertNotEquals(200, answer.status(), source + " gave a playable channel");
    }
    Thread.sleep(2000);
    assertTrue(
        hostileHits.getOrDefault("/redirect", new AtomicInteger()).get() >= canaryUrls().size(),
        "the origin did fetch the hostile upstream: " + hostileHits);
    assertTrue(
        hostileHits.getOrDefault("/hostile.m3u8", new AtomicInteger()).get() >= 1,
        "and its playlist");
    assertEquals(0, canaryHits.get(), "no request ever reached the loopback canary");
    assertFalse(
        admin.running(victim),
        "no redirect started another channel through the app's own endpoint");
  }

  @Test
  void theApiRefusesSourceUrlsThatPointAtLoopbackOrPrivateAddressesInEverySpelling() {
    for (String url :
        List.of(
            "http://127.0.0.1/x.ts",
            "http://2130706433/x.ts",
            "http://0x7f000001/x.ts",
            "http://0177.0.0.1/x.ts",
            "http://0/x.ts",
            "http://127.1/x.ts",
            "http://[::1]/x.ts",
            "http://[::ffff:127.0.0.1]/x.ts",
            "http://localhost/x.ts",
            "http://LocalHost/x.ts",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/x.ts",
            "http://192.168.1.1/x.ts",
            "http://[fe80::1]/x.ts",
            "http://user:pw@127.0.0.1:8180/api/health")) {
      String id = ItEnvironment.unique("ssrf");
      HttpResponse<String> created =
          admin.post(
              "/api/channels",
              "{\"channel_id\":\"" + id + "\",\"name\":\"S\",\"source_url\":\"" + url + "\"}");
      assertEquals(400, created.statusCode(), url + " -> " + created.body());
      assertTrue(created.body().contains("source_url"), created.body());
      HttpResponse<String> proxied =
          admin.post(
              "/api/channels",
              "{\"channel_id\":\""
                  + id
                  + "\",\"name\":\"S\",\"source_url\":\"http://up.example/x.ts\",\"http_proxy\":\""
                  + url.replace("https", "http")
                  + "\"}");
      assertEquals(400, proxied.statusCode(), "http_proxy " + url + " -> " + proxied.body());
    }
    String allowed = ItEnvironment.unique("ssrf");
    assertEquals(
        201,
        admin
            .post(
                "/api/channels",
                "{\"channel_id\":\""
                    + allowed
                    + "\",\"name\":\"S\",\"source_url\":\""
                    + stack.upstream().url("/live/x.ts")
                    + "\"}")
            .statusCode(),
        "the range the operator allowed is accepted");
    admin.delete("/api/channels/" + allowed);
  }
}
