package io.iptvorigin.stream.remux.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.channel.Source;
import io.iptvorigin.upstream.AddressPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sources with their own HTTP proxy, on 127.0.0.1 (allowed as in the other reader tests). The
 * upstream names used do not resolve: only the proxy's host is resolved and checked here, the
 * destination is the proxy's to resolve, as on FFmpeg's path.
 */
class UpstreamReaderProxyTest {
  private static TestCertificate certificate;

  private final AddressPolicy policy = AddressPolicy.withAllowedRanges("127.0.0.1/32");
  private final UpstreamTimeouts timeouts = new UpstreamTimeouts(2000, 2000);
  private final String basic =
      "Basic " + Base64.getEncoder().encodeToString("me:s3cret".getBytes(StandardCharsets.UTF_8));
  private ExecutorService lookups;
  private UpstreamLoop loop;

  @BeforeAll
  static void certificate() throws Exception {
    certificate = TestCertificate.forName("dns:upstream.example");
  }

  @BeforeEach
  void setUp() {
    lookups = Executors.newFixedThreadPool(2);
    loop = new UpstreamLoop("test-proxy-loop", lookups, UpstreamTls.of(certificate.trusting));
  }

  @AfterEach
  void tearDown() {
    loop.close();
    lookups.shutdownNow();
  }

  private Collector read(String url, String proxy) {
    Collector collector = new Collector();
    UpstreamReader.open(
        loop,
        policy,
        UpstreamRequest.of(new Source(url, null, null, null, null, proxy)),
        timeouts,
        collector);
    return collector;
  }

  @Test
  void plainHttpGoesToTheProxyInAbsoluteFormWithItsCredentials() throws Exception {
    try (TestUpstream proxy = new TestUpstream()) {
      proxy.on(
          "http://upstream.example:8080/live.ts",
          out -> UpstreamReaderTest.identity(out, UpstreamReaderTest.BODY));
      Collector got =
          read(
              "http://upstream.example:8080/live.ts?token=1",
              "http://me:s3cret@127.0.0.1:" + proxy.port());
      assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
      assertArrayEquals(UpstreamReaderTest.BODY, got.body());
      String head = proxy.requests.poll();
      assertTrue(
          head.startsWith("GET http://upstream.example:8080/live.ts?token=1 HTTP/1.1\r\n"), head);
      assertTrue(head.contains("\r\nHost: upstream.example:8080\r\n"), head);
      assertTrue(head.contains("\r\nProxy-Authorization: " + basic + "\r\n"), head);
    }
  }

  @Test
  void aRedirectGoesThroughTheProxyToo() throws Exception {
    try (TestUpstream proxy = new TestUpstream()) {
      proxy.onText(
          "http://upstream.example/old",
          "HTTP/1.1 302 Found\r\nLocation: http://edge.example/new\r\n\r\n");
      proxy.on("http://edge.example/new", UpstreamReaderTest::chunked);
      Collector got = read("http://upstream.example/old", "http://127.0.0.1:" + proxy.port());
      assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
      assertArrayEquals(UpstreamReaderTest.BODY, got.body());
      assertEquals(2, proxy.connections.get());
      assertFalse(String.join("", proxy.requests).contains("Proxy-Authorization"));
    }
  }

  @Test
  void httpsGoesThroughAConnectTunnelAndTheCertificateIsCheckedForTheUpstream() throws Exception {
    try (TestUpstream upstream = new TestUpstream(certificate.serving);
        TestConnectProxy proxy = new TestConnectProxy(upstream.port())) {
      upstream.on("/live.ts", out -> UpstreamReaderTest.identity(out, UpstreamReaderTest.BODY));
      Collector got =
          read(
              "https://upstream.example:8443/live.ts",
              "http://me:s3cret@127.0.0.1:" + proxy.port());
      UpstreamEnd end = got.awaitEnd();
      assertEquals(UpstreamEnd.Reason.ENDED, end.reason(), end.toString());
      assertArrayEquals(UpstreamReaderTest.BODY, got.body());
      String connect = proxy.requests.poll();
      assertTrue(connect.startsWith("CONNECT upstream.example:8443 HTTP/1.1\r\n"), connect);
      assertTrue(connect.contains("\r\nHost: upstream.example:8443\r\n"), connect);
      assertTrue(connect.contains("\r\nProxy-Authorization: " + basic + "\r\n"), connect);
      String get = upstream.requests.poll();
      assertTrue(get.startsWith("GET /live.ts HTTP/1.1\r\n"), get);
      assertFalse(get.contains("Proxy-Authorization"), "the proxy's credentials stay with it");
    }
  }

  @Test
  void aTunnelTheProxyRefusesIsItsStatus() throws Exception {
    try (TestConnectProxy proxy = new TestConnectProxy(1)) {
      proxy.answer("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
      UpstreamEnd end =
          read("https://upstream.example/live.ts", "http://127.0.0.1:" + proxy.port()).awaitEnd();
      assertEquals(UpstreamEnd.Reason.HTTP_STATUS, end.reason());
      assertEquals(403, end.status());
      assertEquals("proxy 127.0.0.1:" + proxy.port(), end.detail());
    }
  }

  @Test
  void aProxyAskingForOtherCredentialsIsLeftToFfmpeg() throws Exception {
    try (TestConnectProxy proxy = new TestConnectProxy(1)) {
      proxy.answer(
          "HTTP/1.1 407 Proxy Authentication Required\r\n"
              + "Proxy-Authenticate: Digest realm=\"p\", nonce=\"1\"\r\nContent-Length: 0\r\n\r\n");
      UpstreamEnd end =
          read("https://upstream.example/live.ts", "http://127.0.0.1:" + proxy.port()).awaitEnd();
      assertEquals(UpstreamEnd.Reason.UNSUPPORTED, end.reason());
    }
  }

  @Test
  void aPlainRequestTheProxyWantsOtherCredentialsForIsLeftToFfmpeg() throws Exception {
    try (TestUpstream proxy = new TestUpstream()) {
      proxy.onText(
          "http://upstream.example/live.ts",
          "HTTP/1.1 407 Proxy Authentication Required\r\n"
              + "Proxy-Authenticate: Digest realm=\"p\", nonce=\"1\"\r\nContent-Length: 0\r\n\r\n");
      UpstreamEnd end =
          read("http://upstream.example/live.ts", "http://127.0.0.1:" + proxy.port()).awaitEnd();
      assertEquals(UpstreamEnd.Reason.UNSUPPORTED, end.reason());
    }
  }

  @Test
  void aProxyOnARefusedAddressIsNeverConnectedTo() throws Exception {
    try (TestUpstream proxy = new TestUpstream()) {
      UpstreamEnd end =
          read("http://upstream.example/live.ts", "http://127.0.0.2:" + proxy.port()).awaitEnd();
      assertEquals(UpstreamEnd.Reason.REFUSED, end.reason());
      assertEquals("loopback", end.detail());
      assertEquals(0, proxy.connections.get());
    }
  }
}
