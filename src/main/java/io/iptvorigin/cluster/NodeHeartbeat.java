package io.iptvorigin.cluster;

import io.iptvorigin.stream.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's heartbeat: every 3 s {@code node:{iptv.node.id}} is set to {@code
 * iptv.node.peer-address} with a 10 s expiry, renewed once more when the application stops. A node
 * without a peer address (a single host) still beats, with an empty address: it runs channels but
 * no other node can serve them from it.
 */
@Singleton
@Startup
public class NodeHeartbeat {
  private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

  @Inject Nodes nodes;
  @Inject StreamSettings settings;
  @Inject NodeDraining draining;

  @Inject
  @ConfigProperty(name = "iptv.node.peer-address")
  Optional<String> peerAddress;

  private String address = "";

  @PostConstruct
  void start() {
    address = peerAddress.map(String::strip).orElse("");
    if (!address.isEmpty() && !Nodes.ADDRESS.matcher(address).matches()) {
      throw new IllegalStateException(
          "iptv.node.peer-address must be an IPv4 address and port (10.0.0.2:8080), not '"
              + address
              + "'");
    }
    LOG.info(
        "node id=" + settings.nodeId() + " peer_address=" + (address.isEmpty() ? "-" : address));
    beat();
  }

  @Schedule(hour = "*", minute = "*", second = "*/3", persistent = false)
  public void beat() {
    try {
      nodes.beat(settings.nodeId(), address, draining.active());
    } catch (RuntimeException e) {
      LOG.warning("node heartbeat failed reason=\"" + e.getMessage() + "\"");
    }
  }

  /**
   * One last beat, not a goodbye: an undeployment is usually a redeployment, over in a second or
   * two while this node's FFmpeg runs on, and a missing heartbeat would have the other nodes take
   * its channels over meanwhile. A node that does not come back is gone 10 s later.
   */
  @PreDestroy
  void stop() {
    beat();
  }
}
