package io.iptvorigin.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadPeersTest {
  private final Nodes nodes = mock(Nodes.class);
  private final PeerProbe probe = mock(PeerProbe.class);
  private final DeadPeers dead = new DeadPeers();

  @BeforeEach
  void wire() {
    dead.nodes = nodes;
    dead.probe = probe;
    when(nodes.peerAddress("b")).thenReturn(Optional.of("10.0.0.22:80"));
  }

  @Test
  void aNodeThisNodeCannotReachEitherIsForgotten() {
    when(probe.answers("10.0.0.22:80")).thenReturn(false);
    assertTrue(dead.confirm("b", "10.0.0.22:80"));
    verify(nodes).forget("b", "10.0.0.22:80");
  }

  @Test
  void aNodeThatAnswersThisNodeIsKept() {
    when(probe.answers("10.0.0.22:80")).thenReturn(true);
    assertFalse(dead.confirm("b", "10.0.0.22:80"));
    verify(nodes, never()).forget(any(), any());
  }

  @Test
  void onlyTheAddressTheNodesHeartbeatNamesIsProbedNeverOneFromTheRequest() {
    assertFalse(dead.confirm("b", "127.0.0.1:22"));
    assertFalse(dead.confirm("b", null));
    assertFalse(dead.confirm("unknown", "10.0.0.22:80"));
    verify(probe, never()).answers(any());
    verify(nodes, never()).forget(any(), any());
  }

  @Test
  void theProbeConnectsForReal() throws Exception {
    PeerProbe real = new PeerProbe();
    int port;
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = listening.getLocalPort();
      assertTrue(real.answers("127.0.0.1:" + port));
    }
    assertFalse(real.answers("127.0.0.1:" + port), "nothing listens there any more");
  }
}
