package io.iptvorigin.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this node is draining: handing the channels it runs to other nodes and starting no new
 * ones (POST /api/node/drain). Kept in memory and announced with every heartbeat ({@code
 * node:{id}:draining}), so a node that restarts (the upgrade a drain prepares) comes back
 * undrained.
 */
@ApplicationScoped
public class NodeDraining {
  private final AtomicBoolean active = new AtomicBoolean();

  public boolean active() {
    return active.get();
  }

  /** Returns false if it was draining already. */
  public boolean start() {
    return active.compareAndSet(false, true);
  }

  /** Returns false if it was not draining. */
  public boolean end() {
    return active.compareAndSet(true, false);
  }
}
