package io.iptvorigin.stream.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.DeadPeers;
import io.iptvorigin.cluster.NodeDraining;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerRoutingTest {
  private static final ChannelId CHANNEL = new ChannelId("c1");
  private final StreamSupervisor supervisor = mock(StreamSupervisor.class);
  private final Nodes nodes = mock(Nodes.class);
  private final DeadPeers deadPeers = mock(DeadPeers.class);
  private final NodeDraining draining = new NodeDraining();
  private final PeerRouting routing = new PeerRouting();

  @BeforeEach
  void wire() {
    routing.supervisor = supervisor;
    routing.nodes = nodes;
    routing.deadPeers = deadPeers;
    routing.draining = draining;
    when(supervisor.node()).thenReturn("a");
    when(supervisor.ownerElsewhere(CHANNEL)).thenReturn(Optional.empty());
  }

  @Test
  void aChannelNobodyElseRunsIsServedHere() {
    assertEquals(Optional.empty(), routing.peerFor(CHANNEL, null, null));
  }

  @Test
  void aChannelAnotherNodeRunsComesFromItsPeerAddress() {
    when(supervisor.ownerElsewhere(CHANNEL)).thenReturn(Optional.of("b"));
    when(nodes.peerAddress("b")).thenReturn(Optional.of("10.0.0.22:80"));
    assertEquals(Optional.of("10.0.0.22:80"), routing.peerFor(CHANNEL, null, null));
  }

  @Test
  void anOwnerWithoutAnAddressIsA503() {
    when(supervisor.ownerElsewhere(CHANNEL)).thenReturn(Optional.of("b"));
    when(nodes.peerAddress("b")).thenReturn(Optional.empty());
    assertThrows(StreamUnavailableException.class, () -> routing.peerFor(CHANNEL, null, null));
  }

  @Test
  void aDeadOwnerConfirmedHereLeavesTheChannelToThisNode() {
    when(supervisor.ownerElsewhere(CHANNEL))
        .thenReturn(Optional.of("b"))
        .thenReturn(Optional.empty());
    when(deadPeers.confirm("b", "10.0.0.22:80")).thenReturn(true);
    assertEquals(Optional.empty(), routing.peerFor(CHANNEL, "10.0.0.22:80", null));
  }

  @Test
  void aHandoverIsTakenOnlyFromTheDrainingOwnerThatAsks() {
    when(supervisor.ownerElsewhere(CHANNEL)).thenReturn(Optional.of("b"));
    when(nodes.peerAddress("b")).thenReturn(Optional.of("10.0.0.22:80"));
    when(nodes.draining("b")).thenReturn(true);
    when(supervisor.takeOverFrom(CHANNEL, "b")).thenReturn(true);

    assertEquals(Optional.of("10.0.0.22:80"), routing.peerFor(CHANNEL, null, "c"));
    verify(supervisor, never()).takeOverFrom(any(), any());
    assertEquals(Optional.empty(), routing.peerFor(CHANNEL, null, "b"));
    verify(supervisor).takeOverFrom(CHANNEL, "b");
  }

  @Test
  void aNodeThatIsNotDrainingKeepsItsChannelWhateverTheHeaderSays() {
    when(supervisor.ownerElsewhere(CHANNEL)).thenReturn(Optional.of("b"));
    when(nodes.peerAddress("b")).thenReturn(Optional.of("10.0.0.22:80"));
    when(nodes.draining("b")).thenReturn(false);
    assertEquals(Optional.of("10.0.0.22:80"), routing.peerFor(CHANNEL, null, "b"));
    verify(supervisor, never()).takeOverFrom(any(), any());
  }

  @Test
  void whileThisNodeDrainsANewChannelGoesToAnotherNode() {
    draining.start();
    when(nodes.peers())
        .thenReturn(
            List.of(
                new Nodes.Peer("a", "10.0.0.21:80", true),
                new Nodes.Peer("b", "10.0.0.22:80", false)));
    assertEquals(Optional.of("10.0.0.22:80"), routing.peerFor(CHANNEL, null, null));
    // A channel it still runs is served here until it is handed over.
    when(supervisor.supervises(CHANNEL)).thenReturn(true);
    assertEquals(Optional.empty(), routing.peerFor(CHANNEL, null, null));
  }
}
