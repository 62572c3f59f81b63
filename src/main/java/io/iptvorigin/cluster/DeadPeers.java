package io.iptvorigin.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Confirms that a node nginx could not reach is dead: its heartbeat still names the address nginx
 * tried, and this node cannot connect there either ({@link PeerProbe}). A dead node is forgotten,
 * so its leases are free at once (StreamSupervisor#ownerElsewhere) instead of when its heartbeat
 * expires. The address comes from Redis, never from the request: a caller cannot make the app
 * connect anywhere else.
 */
@ApplicationScoped
public class DeadPeers {
  private static final Logger LOG = Logger.getLogger(DeadPeers.class.getName());

  @Inject Nodes nodes;
  @Inject PeerProbe probe;

  /**
   * Whether node {@code node}, said unreachable at {@code address}, is dead (and now forgotten).
   */
  public boolean confirm(String node, String address) {
    if (address == null
        || !nodes.peerAddress(node).map(address::equals).orElse(false)
        || probe.answers(address)) {
      return false;
    }
    LOG.warning(
        "node unreachable node=" + node + " address=" + address + " reason=\"connect failed\"");
    nodes.forget(node, address);
    return true;
  }
}
