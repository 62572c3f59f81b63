package io.iptvorigin.stream.start;

import io.iptvorigin.channel.ChannelId;
import io.iptvorigin.cluster.DeadPeers;
import io.iptvorigin.cluster.HandoverTarget;
import io.iptvorigin.cluster.NodeDraining;
import io.iptvorigin.cluster.Nodes;
import io.iptvorigin.stream.StreamUnavailableException;
import io.iptvorigin.stream.supervision.StreamSupervisor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Which node serves a channel a viewer asked this node for (a playlist miss, the continuous TS):
 * the node that runs it, if that is another one; the node it goes to if this node drains; else this
 * node, which starts it. Both callers answer a peer with an X-Accel-Redirect to that node's peer
 * address (nginx/concerns/peers.conf); the viewer's authorisation stays here.
 */
@ApplicationScoped
public class PeerRouting {
  @Inject StreamSupervisor supervisor;
  @Inject Nodes nodes;
  @Inject DeadPeers deadPeers;
  @Inject NodeDraining draining;

  /**
   * The peer address of the node to serve the channel from; empty: this node. {@code unreachable}
   * is the address nginx could not reach for this request (peers.conf), {@code handoverFrom} the
   * draining node that asks this one to take the channel (cluster.drain.ChannelHandover); both null
   * for a viewer's request.
   *
   * @throws StreamUnavailableException another node runs it and gave no address (a 503)
   */
  public Optional<String> peerFor(ChannelId channel, String unreachable, String handoverFrom) {
    Optional<String> owner = supervisor.ownerElsewhere(channel);
    // nginx could not reach the owner: if this node cannot either, the owner is dead and its
    // channels start on the nodes that receive them, not after its heartbeat ends.
    if (owner.isPresent() && deadPeers.confirm(owner.get(), unreachable)) {
      owner = supervisor.ownerElsewhere(channel);
    }
    if (owner.isPresent()
        && owner.get().equals(handoverFrom)
        && nodes.draining(owner.get())
        && supervisor.takeOverFrom(channel, owner.get())) {
      owner = Optional.empty();
    }
    if (owner.isPresent()) {
      String node = owner.get();
      return Optional.of(
          nodes
              .peerAddress(node)
              .orElseThrow(
                  () ->
                      new StreamUnavailableException(
                          channel.value(), "running on node " + node, 2)));
    }
    // This node drains: a channel it does not run starts on the node that will keep it.
    if (draining.active() && !supervisor.supervises(channel)) {
      return HandoverTarget.choose(channel.value(), nodes.peers(), supervisor.node())
          .map(Nodes.Peer::address);
    }
    return Optional.empty();
  }
}
