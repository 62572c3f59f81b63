package io.iptvorigin.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback peers for the egress proxy tests, no container: an allowed HTTP origin and an echo
 * server on 127.0.0.9 (Linux routes all of 127/8 to lo), and a canary on 127.0.0.1 counting every
 * connection it gets, which must stay at zero. Plus the raw-socket client side.
 */
final class ProxyFixture {
  static final InetAddress ALLOWED = HostAddresses.literal("127.0.0.9").orElseThrow();
  static final InetAddress LOOPBACK = HostAddresses.literal("127.0.0.1").orElseThrow();
  static final String ESTABLISHED = "HTTP/1.1 200 Connection established\r\n\r\n";

  final BlockingQueue<String> originHeads = new LinkedBlockingQueue<>();
  final AtomicInteger canaryHits = new AtomicInteger();
  final ServerSocket origin;
  final ServerSocket echo;
  final ServerSocket canary;

  ProxyFixture() throws IOException {
    origin = TestServers.serve(ALLOWED, this::answerHello);
    echo = TestServers.serve(ALLOWED, s -> s.getInputStream().transferTo(s.getOutputStream()));
    canary = TestServers.serve(LOOPBACK, socket -> canaryHits.incrementAndGet());
  }

  void close() throws IOException {
    origin.close();
    echo.close();
    canary.close();
  }

  /** A proxy on a free port that allows 127.0.0.9 only. */
  static EgressProxy startProxy(int idleSeconds, int maxTunnels) {
    EgressProxy proxy =
        new EgressProxy(
            AddressPolicy.withAllowedRanges("127.0.0.9/32"), 0, 2, idleSeconds, maxTunnels);
    proxy.start();
    assertTrue(proxy.listening());
    assertEquals("http://127.0.0.1:" + proxy.port(), proxy.proxyUrl());
    return proxy;
  }

  /** A CONNECT tunnel through {@code proxy} to the echo server, established. */
  Socket openTunnel(EgressProxy proxy) throws IOException {
    Socket socket = connect(proxy);
    write(socket, "CONNECT 127.0.0.9:" + echo.getLocalPort() + " HTTP/1.1\r\n\r\n");
    assertEquals(ESTABLISHED, read(socket, ESTABLISHED.length()));
    return socket;
  }

  /** Sends {@code request} and reads the whole answer, up to the proxy closing. */
  static String exchange(EgressProxy proxy, String request) throws IOException {
    try (Socket socket = connect(proxy)) {
      write(socket, request);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(out);
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static Socket connect(EgressProxy proxy) throws IOException {
    Socket socket = new Socket();
    socket.connect(proxy.address(), 2000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String read(Socket socket, int length) throws IOException {
    InputStream in = socket.getInputStream();
    return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  private void answerHello(Socket socket) throws IOException {
    originHeads.add(TestServers.readHead(socket.getInputStream()));
    write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  }
}
