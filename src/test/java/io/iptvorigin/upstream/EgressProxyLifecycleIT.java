package io.iptvorigin.upstream;

import static io.iptvorigin.upstream.ProxyFixture.connect;
import static io.iptvorigin.upstream.ProxyFixture.exchange;
import static io.iptvorigin.upstream.ProxyFixture.read;
import static io.iptvorigin.upstream.ProxyFixture.startProxy;
import static io.iptvorigin.upstream.ProxyFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The egress proxy's limits and lifecycle: tunnel cap, idle timeout, stop, a taken port. */
class EgressProxyLifecycleIT {
  private static ProxyFixture peers;

  @BeforeAll
  static void start() throws IOException {
    peers = new ProxyFixture();
  }

  @AfterAll
  static void stop() throws IOException {
    peers.close();
  }

  @Test
  void beyondMaxTunnelsIs503AndAClosedTunnelFreesItsPlace() throws Exception {
    EgressProxy small = startProxy(60, 1);
    try {
      Socket first = peers.openTunnel(small);
      String full = exchange(small, "CONNECT 127.0.0.9:1 HTTP/1.1\r\n\r\n");
      assertTrue(full.startsWith("HTTP/1.1 503 "), full);
      first.close();
      String again;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      do {
        Thread.sleep(50); // the permit comes back once both tunnel directions have ended
        again =
            exchange(
                small,
                "GET http://127.0.0.9:" + peers.origin.getLocalPort() + "/ HTTP/1.1\r\n\r\n");
      } while (again.startsWith("HTTP/1.1 503 ") && System.nanoTime() < deadline);
      assertTrue(again.startsWith("HTTP/1.1 200 "), again);
    } finally {
      small.stop();
    }
  }

  @Test
  void anIdleTunnelIsClosed() throws Exception {
    EgressProxy quick = startProxy(1, 10);
    try (Socket socket = peers.openTunnel(quick)) {
      socket.setSoTimeout(5000);
      assertEquals(-1, socket.getInputStream().read());
    } finally {
      quick.stop();
    }
  }

  @Test
  void stoppingClosesTheListenerButNotOpenTunnels() throws Exception {
    EgressProxy stopping = startProxy(60, 10);
    try (Socket tunnel = peers.openTunnel(stopping)) {
      stopping.stop();
      assertFalse(stopping.listening());
      assertThrows(ConnectException.class, () -> connect(stopping).close());
      write(tunnel, "still");
      assertEquals("still", read(tunnel, 5));
    }
  }

  @Test
  void aTakenPortIsLoggedNotThrown() {
    EgressProxy first = startProxy(60, 10);
    try {
      EgressProxy second = new EgressProxy(first.policy, first.port(), 2, 60, 10);
      second.start();
      assertFalse(second.listening());
      assertEquals(first.port(), second.port());
      assertTrue(first.listening());
    } finally {
      first.stop();
    }
  }

  @Test
  void aPortFreedByStopCanBeBoundAgainAtOnce() throws Exception {
    EgressProxy before = startProxy(60, 10);
    int port = before.port();
    try (Socket tunnel = peers.openTunnel(before)) {
      before.stop(); // a redeploy: the old tunnel is still open while the new proxy binds
      EgressProxy after = new EgressProxy(before.policy, port, 2, 60, 10);
      after.start();
      try {
        assertTrue(after.listening());
        peers.openTunnel(after).close();
      } finally {
        after.stop();
      }
    }
  }
}
