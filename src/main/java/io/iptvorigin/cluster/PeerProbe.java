package io.iptvorigin.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether another node's nginx accepts connections at its peer address: asked before a node that
 * nginx found unreachable is forgotten, so one failed proxy connection is not enough to move a live
 * node's channels.
 */
@ApplicationScoped
public class PeerProbe {
  static final int CONNECT_TIMEOUT_MILLIS = 1000;

  /** {@code address} is {@link Nodes#ADDRESS} ({@code host:port}). */
  public boolean answers(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
          CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
