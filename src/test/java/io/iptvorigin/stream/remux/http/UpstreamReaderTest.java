package io.iptvorigin.stream.remux.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.channel.Source;
import io.iptvorigin.upstream.AddressPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader against a local upstream on 127.0.0.1, which the policy allows explicitly (the
 * operator's {@code allowed-private-ranges}); every other loopback address stays refused.
 */
class UpstreamReaderTest {
  static final byte[] BODY = new byte[200_000];

  static {
    new Random(18).nextBytes(BODY);
  }

  private final AddressPolicy policy = AddressPolicy.withAllowedRanges("127.0.0.1/32");
  private final UpstreamTimeouts timeouts = new UpstreamTimeouts(2000, 2000);
  private ExecutorService lookups;
  private UpstreamLoop loop;
  private TestUpstream upstream;

  @BeforeEach
  void setUp() throws Exception {
    lookups = Executors.newFixedThreadPool(2);
    loop = new UpstreamLoop("test-upstream-loop", lookups);
    upstream = new TestUpstream();
    upstream.on("/identity", out -> identity(out, BODY));
    upstream.on("/chunked", UpstreamReaderTest::chunked);
  }

  @AfterEach
  void tearDown() throws Exception {
    loop.close();
    upstream.close();
    lookups.shutdownNow();
  }

  static void identity(OutputStream out, byte[] body) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    // In pieces, so the reader sees the body arrive over several reads.
    for (int at = 0; at < body.length; at += 7000) {
      out.write(body, at, Math.min(7000, body.length - at));
      out.flush();
    }
  }

  /** Chunks of varied sizes, one with an extension, and a trailer. */
  static void chunked(OutputStream out) throws IOException {
    out.write(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    int at = 0;
    for (int i = 0; at < BODY.length; i++) {
      int n = Math.min(1 + (i * 3571) % 20000, BODY.length - at);
      String size = Integer.toHexString(n) + (i == 2 ? ";name=value" : "");
      out.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(BODY, at, n);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      at += n;
    }
    out.write("0\r\nX-Trailer: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  private Collector read(UpstreamRequest request) {
    Collector collector = new Collector();
    UpstreamReader.open(loop, policy, request, timeouts, collector);
    return collector;
  }

  private Collector read(String path) {
    return read(UpstreamRequest.of(upstream.url(path)));
  }

  @Test
  void anIdentityBodyIsHandedOnWholeAsItArrives() throws Exception {
    Collector got = read("/identity");
    assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
    assertArrayEquals(BODY, got.body());
    assertTrue(got.calls > 1, "handed on as it arrived, not at the end");
    assertEquals(java.util.Set.of("test-upstream-loop"), got.threads);
  }

  @Test
  void aChunkedBodyIsDecoded() throws Exception {
    Collector got = read("/chunked");
    assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
    assertArrayEquals(BODY, got.body());
  }

  @Test
  void aBodyWithoutLengthEndsWhenTheUpstreamCloses() throws Exception {
    upstream.onText("/live", "HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(5000));
    Collector got = read("/live");
    UpstreamEnd end = got.awaitEnd();
    assertEquals(UpstreamEnd.Reason.ENDED, end.reason());
    assertEquals("upstream closed", end.detail());
    assertEquals(5000, got.body().length);
  }

  @Test
  void anUpstreamClosingBeforeItsLengthIsATruncatedBody() throws Exception {
    upstream.onText("/short", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
    Collector got = read("/short");
    assertEquals(UpstreamEnd.Reason.TRUNCATED, got.awaitEnd().reason());
    assertEquals(10, got.body().length);
  }

  @Test
  void anUpstreamClosingMidChunkIsATruncatedBody() throws Exception {
    upstream.onText("/cut", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nabc");
    Collector got = read("/cut");
    assertEquals(UpstreamEnd.Reason.TRUNCATED, got.awaitEnd().reason());
    assertEquals("abc", new String(got.body(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void theSourcesHeadersAreSentAsFfmpegSendsThem() throws Exception {
    Source source =
        new Source(
            "http://user:p%40ss@127.0.0.1:" + upstream.port() + "/identity?token=1",
            "TestPlayer/1.0",
            "http://panel.example/",
            "http://panel.example",
            "session=abc",
            null);
    Collector got = read(UpstreamRequest.of(source));
    assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
    String head = upstream.requests.poll();
    assertTrue(head.startsWith("GET /identity?token=1 HTTP/1.1\r\n"), head);
    assertTrue(head.contains("\r\nHost: 127.0.0.1:" + upstream.port() + "\r\n"), head);
    assertTrue(head.contains("\r\nUser-Agent: TestPlayer/1.0\r\n"), head);
    assertTrue(head.contains("\r\nReferer: http://panel.example/\r\n"), head);
    assertTrue(head.contains("\r\nOrigin: http://panel.example\r\n"), head);
    assertTrue(head.contains("\r\nCookie: session=abc\r\n"), head);
    String basic = Base64.getEncoder().encodeToString("user:p@ss".getBytes(StandardCharsets.UTF_8));
    assertTrue(head.contains("\r\nAuthorization: Basic " + basic + "\r\n"), head);
    assertFalse(head.contains("user:"), "no credentials in the request line");
  }

  @Test
  void withoutAUserAgentFfmpegsOwnIsSent() throws Exception {
    read("/identity").awaitEnd();
    assertTrue(upstream.requests.poll().contains("\r\nUser-Agent: Lavf/59.27.100\r\n"));
  }

  @Test
  void aHeaderValueWithALineBreakIsNeverSent() throws Exception {
    Collector got =
        read(
            new UpstreamRequest(
                upstream.url("/identity"), null, null, null, "a=1\r\nX-Injected: 1", null));
    assertEquals(UpstreamEnd.Reason.UNSUPPORTED, got.awaitEnd().reason());
    assertEquals(0, upstream.connections.get());
  }

  @Test
  void redirectsAreFollowedRelativeAndAbsolute() throws Exception {
    upstream.onText("/moved", "HTTP/1.1 302 Found\r\nLocation: /moved-again\r\n\r\n");
    upstream.onText(
        "/moved-again",
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + upstream.url("/chunked") + "\r\n\r\n");
    Collector got = read("/moved");
    assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
    assertArrayEquals(BODY, got.body());
    assertEquals(3, upstream.requests.size());
  }

  @Test
  void credentialsDoNotFollowARedirectToAnotherHost() throws Exception {
    // 127.0.0.1 and "localhost" are different hosts to a browser; only 127.0.0.1 is allowed, so
    // the second hop is refused, but not before deciding what it would send.
    HttpTarget first = HttpTarget.of("http://u:p@127.0.0.1:20001/a");
    String same = new String(first.redirect("/b").request(UpstreamRequest.of("x")).array());
    String other =
        new String(
            first.redirect("http://other.example/b").request(UpstreamRequest.of("x")).array());
    assertTrue(same.contains("Authorization: Basic"), same);
    assertFalse(other.contains("Authorization"), other);
  }

  @Test
  void credentialsFollowAnUpgradeToHttpsButNoDowngrade() throws Exception {
    HttpTarget plain = HttpTarget.of("http://u:p@panel.example/a");
    HttpTarget secure = HttpTarget.of("https://u:p@panel.example/a");
    UpstreamRequest request = UpstreamRequest.of("x");
    assertTrue(text(plain.redirect("https://panel.example/b").request(request)).contains("Basic"));
    assertFalse(
        text(plain.redirect("https://panel.example:8443/b").request(request)).contains("Basic"));
    assertFalse(text(secure.redirect("http://panel.example/b").request(request)).contains("Basic"));
    assertTrue(text(secure.redirect("/b").request(request)).contains("Basic"));
  }

  private static String text(java.nio.ByteBuffer request) {
    return new String(request.array(), StandardCharsets.UTF_8);
  }

  @Test
  void aRedirectToARefusedAddressIsRefusedWithoutConnecting() throws Exception {
    upstream.onText(
        "/to-loopback",
        "HTTP/1.1 301 Moved Permanently\r\nLocation: http://127.0.0.2:"
            + upstream.port()
            + "/identity\r\n\r\n");
    Collector got = read("/to-loopback");
    UpstreamEnd end = got.awaitEnd();
    assertEquals(UpstreamEnd.Reason.REFUSED, end.reason());
    assertEquals("loopback", end.detail());
    assertEquals(1, upstream.connections.get());
    assertEquals(0, got.body().length);
  }

  @Test
  void aRefusedUpstreamIsNeverConnectedTo() throws Exception {
    Collector got = read(UpstreamRequest.of("http://127.0.0.2:" + upstream.port() + "/identity"));
    assertEquals(UpstreamEnd.Reason.REFUSED, got.awaitEnd().reason());
    assertEquals(0, upstream.connections.get());
  }

  @Test
  void hostsAreReadAsFfmpegReadsThem() throws Exception {
    // inet_aton forms: 2130706433 is 127.0.0.1 (allowed), 0x7f000002 is 127.0.0.2 (refused).
    Collector allowed =
        read(UpstreamRequest.of("http://2130706433:" + upstream.port() + "/identity"));
    assertEquals(UpstreamEnd.Reason.ENDED, allowed.awaitEnd().reason());
    Collector refused =
        read(UpstreamRequest.of("http://0x7f000002:" + upstream.port() + "/identity"));
    assertEquals(UpstreamEnd.Reason.REFUSED, refused.awaitEnd().reason());
    assertEquals(1, upstream.connections.get());
  }

  @Test
  void aNameIsResolvedOnceOffTheLoopAndItsAddressChecked() throws Exception {
    // localhost resolves to loopback addresses, which only 127.0.0.1/32 of is allowed: whichever
    // the resolver gives, a refused one among them refuses the host, as for FFmpeg's path.
    Collector got = read(UpstreamRequest.of("http://localhost:" + upstream.port() + "/identity"));
    UpstreamEnd end = got.awaitEnd();
    if (end.reason() == UpstreamEnd.Reason.ENDED) {
      assertArrayEquals(BODY, got.body());
    } else {
      assertEquals(UpstreamEnd.Reason.REFUSED, end.reason(), end.toString());
    }
  }

  @Test
  void redirectsStopAfterFive() throws Exception {
    upstream.onText("/loop", "HTTP/1.1 302 Found\r\nLocation: /loop\r\n\r\n");
    Collector got = read("/loop");
    assertEquals(UpstreamEnd.Reason.TOO_MANY_REDIRECTS, got.awaitEnd().reason());
    assertEquals(6, upstream.requests.size(), "the first request and five redirects followed");
  }

  @Test
  void anotherSchemeOrARedirectToItIsLeftToFfmpeg() throws Exception {
    Collector direct = read(UpstreamRequest.of("ftp://127.0.0.1:" + upstream.port() + "/"));
    assertEquals(UpstreamEnd.Reason.UNSUPPORTED, direct.awaitEnd().reason());
    upstream.onText("/rtmp", "HTTP/1.1 302 Found\r\nLocation: rtmp://127.0.0.1/x\r\n\r\n");
    assertEquals(UpstreamEnd.Reason.UNSUPPORTED, read("/rtmp").awaitEnd().reason());
    assertEquals(1, upstream.connections.get(), "only the first hop connected");
  }

  @Test
  void httpAndHttpsSourcesAreTheNativeReadersWithOrWithoutAProxy() {
    assertTrue(UpstreamRequest.supports(Source.of("http://example.com/live.ts")));
    assertTrue(UpstreamRequest.supports(Source.of("HTTPS://example.com/live.ts")));
    assertTrue(
        UpstreamRequest.supports(
            new Source("https://example.com/live.ts", null, null, null, null, "http://p:3128")));
    assertFalse(UpstreamRequest.supports(Source.of("rtmp://example.com/live")));
    assertFalse(
        UpstreamRequest.supports(
            new Source("http://example.com/live.ts", null, null, null, null, "socks5://p:1080")));
  }

  @Test
  void errorStatusesAreReported() throws Exception {
    upstream.onText("/broken", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
    UpstreamEnd missing = read("/missing").awaitEnd();
    assertEquals(UpstreamEnd.Reason.HTTP_STATUS, missing.reason());
    assertEquals(404, missing.status());
    UpstreamEnd broken = read("/broken").awaitEnd();
    assertEquals(UpstreamEnd.Reason.HTTP_STATUS, broken.reason());
    assertEquals(500, broken.status());
  }

  @Test
  void somethingNotHttpIsABadResponse() throws Exception {
    upstream.onText("/garbage", "\u0047\u0000\u0011garbage\r\n\r\n");
    assertEquals(UpstreamEnd.Reason.BAD_RESPONSE, read("/garbage").awaitEnd().reason());
  }

  @Test
  void anUpstreamThatGoesSilentTimesOut() throws Exception {
    upstream.on(
        "/slow",
        out -> {
          out.write("HTTP/1.1 200 OK\r\n\r\nfirst".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          Thread.sleep(5000);
        });
    Collector got = new Collector();
    UpstreamReader.open(
        loop,
        policy,
        UpstreamRequest.of(upstream.url("/slow")),
        new UpstreamTimeouts(2000, 300),
        got);
    long start = System.nanoTime();
    assertEquals(UpstreamEnd.Reason.READ_TIMEOUT, got.awaitEnd().reason());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis >= 300 && millis < 2000, millis + " ms");
    assertEquals("first", new String(got.body(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void anUpstreamThatNeverAcceptsTimesOutConnecting() throws Exception {
    // A backlog of one, never accepted and filled: the kernel drops further SYNs, so the connect
    // hangs as for a black-holed host.
    try (ServerSocket full = TestUpstream.bind(1)) {
      List<Socket> filling = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket();
          try {
            s.connect(full.getLocalSocketAddress(), 200);
            filling.add(s);
          } catch (java.io.IOException e) {
            s.close();
            break;
          }
        }
        Collector got = new Collector();
        UpstreamReader.open(
            loop,
            policy,
            UpstreamRequest.of("http://127.0.0.1:" + full.getLocalPort() + "/"),
            new UpstreamTimeouts(300, 5000),
            got);
        UpstreamEnd end = got.awaitEnd();
        assertEquals(UpstreamEnd.Reason.CONNECT_TIMEOUT, end.reason(), end.toString());
      } finally {
        for (Socket s : filling) {
          s.close();
        }
      }
    }
  }

  @Test
  void closeStopsTheReadAndTellsOnce() throws Exception {
    upstream.on(
        "/forever",
        out -> {
          out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          byte[] piece = new byte[1000];
          while (true) {
            out.write(piece);
            out.flush();
            Thread.sleep(5);
          }
        });
    Collector got = new Collector();
    UpstreamReader reader =
        UpstreamReader.open(
            loop, policy, UpstreamRequest.of(upstream.url("/forever")), timeouts, got);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (got.body().length < 5000 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    reader.close();
    assertEquals(UpstreamEnd.Reason.CLOSED, got.awaitEnd().reason());
    int after = got.body().length;
    Thread.sleep(200);
    assertEquals(after, got.body().length, "nothing after the end");
    assertFalse(got.dataAfterEnd);
    reader.close(); // a second close is harmless
  }

  @Test
  void closingTheLoopEndsEveryReader() throws Exception {
    upstream.on(
        "/hang",
        out -> {
          out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          Thread.sleep(5000);
        });
    Collector got = read("/hang");
    Thread.sleep(200);
    loop.close();
    assertEquals(UpstreamEnd.Reason.CLOSED, got.awaitEnd().reason());
    Collector late = read("/identity");
    assertEquals(UpstreamEnd.Reason.CLOSED, late.awaitEnd().reason());
  }

  @Test
  void aListenerThatThrowsEndsOnlyItsRead() throws Exception {
    Collector other = new Collector();
    Collector thrower =
        new Collector() {
          @Override
          public synchronized void data(java.nio.ByteBuffer chunk) {
            throw new IllegalStateException("listener bug");
          }
        };
    UpstreamReader.open(
        loop, policy, UpstreamRequest.of(upstream.url("/identity")), timeouts, thrower);
    UpstreamReader.open(
        loop, policy, UpstreamRequest.of(upstream.url("/chunked")), timeouts, other);
    assertEquals(UpstreamEnd.Reason.LISTENER_ERROR, thrower.awaitEnd().reason());
    assertEquals(UpstreamEnd.Reason.ENDED, other.awaitEnd().reason());
    assertArrayEquals(BODY, other.body());
  }

  @Test
  void manyReadersShareTheOneLoopThread() throws Exception {
    int readers = 60;
    List<Collector> all = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      all.add(read(i % 2 == 0 ? "/identity" : "/chunked"));
    }
    for (Collector got : all) {
      assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
      assertTrue(Arrays.equals(BODY, got.body()));
      assertEquals(java.util.Set.of("test-upstream-loop"), got.threads);
    }
    assertEquals(readers, upstream.connections.get());
  }
}
