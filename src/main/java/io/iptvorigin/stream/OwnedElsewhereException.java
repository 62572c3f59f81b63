package io.iptvorigin.stream;

/**
 * The channel runs on another node (it holds the channel's lease): served from there, not started
 * here. A 503 where no other node can serve it (no address known).
 */
public class OwnedElsewhereException extends StreamUnavailableException {
  private final String node;

  public OwnedElsewhereException(String channelId, String node) {
    super(channelId, "running on node " + node, 2);
    this.node = node;
  }

  public String node() {
    return node;
  }
}
