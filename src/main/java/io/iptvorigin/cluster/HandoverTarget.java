package io.iptvorigin.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which node takes a channel this node gives away (it drains): among the live nodes that give a
 * peer address and do not drain themselves, the one with the highest rendezvous weight for the
 * channel. Every node picks the same one for a channel, channels spread evenly over the nodes, and
 * a node joining or leaving moves only its own share.
 */
public final class HandoverTarget {
  private HandoverTarget() {}

  public static Optional<Nodes.Peer> choose(String channelId, List<Nodes.Peer> peers, String self) {
    return peers.stream()
        .filter(p -> !p.id().equals(self) && !p.draining())
        .filter(p -> Nodes.ADDRESS.matcher(p.address()).matches())
        .max(Comparator.comparingLong(p -> weight(p.id(), channelId)));
  }

  static long weight(String nodeId, String channelId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((nodeId + "\n" + channelId).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
