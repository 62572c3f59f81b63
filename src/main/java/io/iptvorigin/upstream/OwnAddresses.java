package io.iptvorigin.upstream;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Every address of this node's network interfaces, so an upstream cannot point the origin at its
 * own public address (where WildFly or nginx may listen). Enumerated at most once a minute;
 * addresses added since the last enumeration are missed until the next one.
 */
final class OwnAddresses implements Supplier<Set<InetAddress>> {
  private static final Logger LOG = Logger.getLogger(OwnAddresses.class.getName());
  private static final long REFRESH_NANOS = 60_000_000_000L;

  private Set<InetAddress> cached = Set.of();
  private long enumeratedAt;
  private boolean enumerated;

  @Override
  public synchronized Set<InetAddress> get() {
    long now = System.nanoTime();
    if (!enumerated || now - enumeratedAt >= REFRESH_NANOS) {
      enumerated = true;
      enumeratedAt = now;
      try {
        cached = enumerate();
      } catch (SocketException e) {
        // Keep the previous set: an empty one would let the node's own addresses through.
        LOG.warning("own addresses not enumerated reason=\"" + e.getMessage() + "\"");
      }
    }
    return cached;
  }

  private static Set<InetAddress> enumerate() throws SocketException {
    Set<InetAddress> addresses = new HashSet<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      addresses.addAll(Collections.list(nic.getInetAddresses()));
    }
    return Set.copyOf(addresses);
  }
}
