package io.iptvorigin.upstream;

import static io.iptvorigin.upstream.ProxyFixture.ESTABLISHED;
import static io.iptvorigin.upstream.ProxyFixture.connect;
import static io.iptvorigin.upstream.ProxyFixture.exchange;
import static io.iptvorigin.upstream.ProxyFixture.read;
import static io.iptvorigin.upstream.ProxyFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the egress proxy forwards and what it refuses, over real loopback sockets: the allowed
 * origin on 127.0.0.9 is reached, the canary on 127.0.0.1 never, in any spelling.
 */
class EgressProxyIT {
  private static ProxyFixture peers;
  private static EgressProxy proxy;

  @BeforeAll
  static void start() throws IOException {
    peers = new ProxyFixture();
    proxy = ProxyFixture.startProxy(60, 100);
  }

  @AfterAll
  static void stop() throws IOException {
    proxy.stop();
    peers.close();
  }

  @AfterEach
  void canaryIsNeverReached() {
    assertEquals(0, peers.canaryHits.get(), "a refused request reached 127.0.0.1");
  }

  @Test
  void plainGetReachesTheOriginInOriginFormWithConnectionClose() throws Exception {
    int port = peers.origin.getLocalPort();
    String response =
        exchange(
            proxy,
            "GET http://user:secret@127.0.0.9:"
                + port
                + "/live/1.m3u8?token=abc HTTP/1.1\r\n"
                + "Host: 127.0.0.9:"
                + port
                + "\r\n"
                + "User-Agent: test\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "Connection: keep-alive, X-Hop\r\n"
                + "X-Hop: 1\r\n"
                + "Keep-Alive: 300\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.endsWith("\r\n\r\nhello"), response);
    assertEquals(
        "GET /live/1.m3u8?token=abc HTTP/1.1\r\n"
            + "Host: 127.0.0.9:"
            + port
            + "\r\n"
            + "User-Agent: test\r\n"
            + "Connection: close\r\n\r\n",
        peers.originHeads.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void javaHttpClientThroughTheProxyReachesAllowedHostsOnly() throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address())).build();
    HttpResponse<String> ok =
        client.send(
            get("http://127.0.0.9:" + peers.origin.getLocalPort() + "/a"),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode());
    assertEquals("hello", ok.body());
    assertTrue(peers.originHeads.poll(5, TimeUnit.SECONDS).startsWith("GET /a HTTP/1.1\r\n"));
    HttpResponse<String> refused =
        client.send(
            get("http://127.0.0.1:" + peers.canary.getLocalPort() + "/"),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(403, refused.statusCode());
  }

  @Test
  void connectTunnelsBytesBothWaysIncludingBytesSentWithTheHead() throws Exception {
    try (Socket socket = connect(proxy)) {
      write(socket, "CONNECT 127.0.0.9:" + peers.echo.getLocalPort() + " HTTP/1.1\r\n\r\nearly");
      assertEquals(ESTABLISHED, read(socket, ESTABLISHED.length()));
      assertEquals("early", read(socket, 5));
      write(socket, "ping");
      assertEquals("ping", read(socket, 4));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "0x7f000001",
        "2130706433",
        "127.1",
        "0177.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "localhost",
        "0",
        "169.254.169.254"
      })
  void refusedDestinationsAre403AndNeverConnected(String host) throws Exception {
    String authority = host + ":" + peers.canary.getLocalPort();
    assertRefused(
        exchange(proxy, "GET http://" + authority + "/api/internal/start/1?k=v HTTP/1.1\r\n\r\n"));
    assertRefused(exchange(proxy, "CONNECT " + authority + " HTTP/1.1\r\n\r\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: 127.0.0.9\r\n\r\n",
        "GET https://127.0.0.9/ HTTP/1.1\r\n\r\n",
        "POST http://127.0.0.9/ HTTP/1.1\r\n\r\n",
        "GET http://127.0.0.9/ HTTP/2.0\r\n\r\n",
        "CONNECT 127.0.0.9 HTTP/1.1\r\n\r\n",
        "GET http://127.0.0.9/ HTTP/1.1\r\nbroken header\r\n\r\n",
        "hello\r\n\r\n"
      })
  void malformedRequestsAre400(String head) throws Exception {
    assertTrue(exchange(proxy, head).startsWith("HTTP/1.1 400 Bad Request\r\n"));
  }

  @Test
  void anOversizedHeadIs400() throws Exception {
    String head = "GET http://127.0.0.9/ HTTP/1.1\r\nX: " + "a".repeat(17 * 1024);
    assertTrue(exchange(proxy, head).startsWith("HTTP/1.1 400 "));
  }

  @Test
  void unreachableUpstreamsAre502() throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, ProxyFixture.ALLOWED)) {
      closed = probe.getLocalPort();
    }
    String refused = exchange(proxy, "CONNECT 127.0.0.9:" + closed + " HTTP/1.1\r\n\r\n");
    assertTrue(refused.startsWith("HTTP/1.1 502 "), refused);
    String unresolved = exchange(proxy, "GET http://name.invalid/ HTTP/1.1\r\n\r\n");
    assertTrue(unresolved.startsWith("HTTP/1.1 502 "), unresolved);
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).build();
  }

  private static void assertRefused(String response) {
    assertTrue(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response);
    assertTrue(response.contains("\r\nContent-Type: text/plain\r\n"), response);
    assertTrue(response.contains("\r\nConnection: close\r\n"), response);
  }
}
