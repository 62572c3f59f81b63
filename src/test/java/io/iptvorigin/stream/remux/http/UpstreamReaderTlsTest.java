package io.iptvorigin.stream.remux.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.upstream.AddressPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader against https upstreams on 127.0.0.1 with self-signed certificates, which the loop's
 * TLS context trusts as a real upstream's would be by the JVM's trust store.
 */
class UpstreamReaderTlsTest {
  private static TestCertificate forLoopback;
  private static TestCertificate forAnotherName;

  private final AddressPolicy policy = AddressPolicy.withAllowedRanges("127.0.0.1/32");
  private final UpstreamTimeouts timeouts = new UpstreamTimeouts(2000, 2000);
  private ExecutorService lookups;
  private UpstreamLoop loop;
  private TestUpstream upstream;

  @BeforeAll
  static void certificates() throws Exception {
    forLoopback = TestCertificate.forName("ip:127.0.0.1");
    forAnotherName = TestCertificate.forName("dns:upstream.example");
  }

  @BeforeEach
  void setUp() throws Exception {
    lookups = Executors.newFixedThreadPool(2);
    loop = new UpstreamLoop("test-tls-loop", lookups, UpstreamTls.of(forLoopback.trusting));
    upstream = new TestUpstream(forLoopback.serving);
    upstream.on("/identity", out -> UpstreamReaderTest.identity(out, UpstreamReaderTest.BODY));
    upstream.on("/chunked", UpstreamReaderTest::chunked);
  }

  @AfterEach
  void tearDown() throws Exception {
    loop.close();
    upstream.close();
    lookups.shutdownNow();
  }

  private Collector read(UpstreamLoop on, String url, UpstreamTimeouts limits) {
    Collector collector = new Collector();
    UpstreamReader.open(on, policy, UpstreamRequest.of(url), limits, collector);
    return collector;
  }

  private Collector read(String url) {
    return read(loop, url, timeouts);
  }

  @Test
  void anHttpsBodyIsHandedOnExactly() throws Exception {
    Collector identity = read(upstream.url("/identity"));
    Collector chunked = read(upstream.url("/chunked"));
    assertEquals(UpstreamEnd.Reason.ENDED, identity.awaitEnd().reason());
    assertArrayEquals(UpstreamReaderTest.BODY, identity.body());
    assertEquals(UpstreamEnd.Reason.ENDED, chunked.awaitEnd().reason());
    assertArrayEquals(UpstreamReaderTest.BODY, chunked.body());
    assertTrue(identity.calls > 1, "handed on as it arrived, not at the end");
    assertEquals(Set.of("test-tls-loop"), identity.threads, "the listener only on the loop");
    assertTrue(upstream.requests.poll().startsWith("GET /"), "origin-form inside TLS");
  }

  @Test
  void aTls12UpstreamIsReadToo() throws Exception {
    try (UpstreamLoop tls12 =
        new UpstreamLoop("test-tls12", lookups, UpstreamTls.of(forLoopback.trusting("TLSv1.2")))) {
      Collector got = read(tls12, upstream.url("/chunked"), timeouts);
      assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
      assertArrayEquals(UpstreamReaderTest.BODY, got.body());
    }
  }

  @Test
  void theHandshakesHeavyStepsRunOffTheLoop() throws Exception {
    AtomicInteger offLoop = new AtomicInteger();
    Executor counting =
        task -> {
          offLoop.incrementAndGet();
          lookups.execute(task);
        };
    try (UpstreamLoop counted =
        new UpstreamLoop("test-tls-counted", counting, UpstreamTls.of(forLoopback.trusting))) {
      assertEquals(
          UpstreamEnd.Reason.ENDED,
          read(counted, upstream.url("/identity"), timeouts).awaitEnd().reason());
      // One for the address check; the rest are the engine's delegated tasks.
      assertTrue(offLoop.get() > 1, offLoop + " tasks off the loop");
    }
  }

  @Test
  void aCertificateForAnotherHostFailsTheHandshake() throws Exception {
    try (TestUpstream other = new TestUpstream(forAnotherName.serving);
        UpstreamLoop trustingIt =
            new UpstreamLoop("test-tls-other", lookups, UpstreamTls.of(forAnotherName.trusting))) {
      other.on("/identity", out -> UpstreamReaderTest.identity(out, UpstreamReaderTest.BODY));
      Collector got = read(trustingIt, other.url("/identity"), timeouts);
      UpstreamEnd end = got.awaitEnd();
      assertEquals(UpstreamEnd.Reason.TLS_FAILED, end.reason(), end.toString());
      assertEquals("certificate not for 127.0.0.1", end.detail());
      assertEquals(0, got.body().length);
      assertTrue(other.requests.isEmpty(), "no request sent");
    }
  }

  @Test
  void aCertificateTheTrustStoreDoesNotKnowFailsTheHandshake() throws Exception {
    try (UpstreamLoop system = new UpstreamLoop("test-tls-system", lookups)) {
      UpstreamEnd end = read(system, upstream.url("/identity"), timeouts).awaitEnd();
      assertEquals(UpstreamEnd.Reason.TLS_FAILED, end.reason(), end.toString());
      assertTrue(end.detail().startsWith("certificate not trusted"), end.detail());
      assertTrue(upstream.requests.isEmpty(), "no request sent");
    }
  }

  @Test
  void aHandshakeThatNeverEndsTimesOutAsAConnect() throws Exception {
    // Accepts and never answers the ClientHello, as a black-holed TLS terminator would.
    try (ServerSocket silent = TestUpstream.bind(5)) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();
      Collector got =
          read(
              loop,
              "https://127.0.0.1:" + silent.getLocalPort() + "/live.ts",
              new UpstreamTimeouts(400, 5000));
      UpstreamEnd end = got.awaitEnd();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(UpstreamEnd.Reason.CONNECT_TIMEOUT, end.reason(), end.toString());
      assertTrue(end.detail().startsWith("tls handshake https://127.0.0.1:"), end.detail());
      assertTrue(millis >= 400 && millis < 2000, millis + " ms");
      silent.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void anHttpUpstreamRedirectingToHttpsIsFollowed() throws Exception {
    try (TestUpstream plain = new TestUpstream()) {
      plain.onText(
          "/moved",
          "HTTP/1.1 301 Moved Permanently\r\nLocation: "
              + upstream.url("/chunked")
              + "\r\nContent-Length: 0\r\n\r\n");
      Collector got = read(plain.url("/moved"));
      assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
      assertArrayEquals(UpstreamReaderTest.BODY, got.body());
      assertEquals(1, upstream.requests.size());
    }
  }

  @Test
  void anHttpsRedirectToARefusedAddressIsRefusedWithoutConnecting() throws Exception {
    upstream.onText(
        "/to-loopback",
        "HTTP/1.1 302 Found\r\nLocation: https://127.0.0.2:" + upstream.port() + "/x\r\n\r\n");
    UpstreamEnd end = read(upstream.url("/to-loopback")).awaitEnd();
    assertEquals(UpstreamEnd.Reason.REFUSED, end.reason());
    assertEquals(1, upstream.connections.get());
  }

  @Test
  void manyHttpsReadersShareTheLoop() throws Exception {
    List<Collector> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(read(upstream.url(i % 2 == 0 ? "/identity" : "/chunked")));
    }
    for (Collector got : all) {
      assertEquals(UpstreamEnd.Reason.ENDED, got.awaitEnd().reason());
      assertArrayEquals(UpstreamReaderTest.BODY, got.body());
      assertEquals(Set.of("test-tls-loop"), got.threads);
    }
  }

  @Test
  void closingAnHttpsReadEndsItOnce() throws Exception {
    upstream.on(
        "/forever",
        out -> {
          out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes());
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
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (got.body().length < 5000 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    reader.close();
    assertEquals(UpstreamEnd.Reason.CLOSED, got.awaitEnd().reason());
    int after = got.body().length;
    Thread.sleep(200);
    assertEquals(after, got.body().length, "nothing after the end");
    assertTrue(after >= 5000, after + " bytes before the close");
  }

  @Test
  void anHttpsUpstreamThatGoesSilentTimesOut() throws Exception {
    upstream.on(
        "/slow",
        out -> {
          out.write("HTTP/1.1 200 OK\r\n\r\nfirst".getBytes());
          out.flush();
          Thread.sleep(5000);
        });
    Collector got = read(loop, upstream.url("/slow"), new UpstreamTimeouts(2000, 300));
    assertEquals(UpstreamEnd.Reason.READ_TIMEOUT, got.awaitEnd().reason());
    assertEquals("first", new String(got.body()));
  }
}
