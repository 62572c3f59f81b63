package io.iptvorigin.playlist;

import io.iptvorigin.channel.ChannelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rendered channel list of this node, valid while {@code channels:revision} in Redis has not
 * moved. Any node's channel write bumps the revision, so every node re-renders on its next request.
 * Concurrent misses render once.
 */
@ApplicationScoped
public class PlaylistCache {
  @Inject ChannelRepository channels;

  private volatile M3uPlaylist current;

  M3uPlaylist forRevision(long revision) {
    M3uPlaylist cached = current;
    if (cached != null && cached.revision() == revision) {
      return cached;
    }
    synchronized (this) {
      cached = current;
      if (cached != null && cached.revision() == revision) {
        return cached;
      }
      ChannelRepository.Snapshot snapshot = channels.snapshot();
      M3uPlaylist fresh = M3uPlaylist.render(snapshot.revision(), snapshot.channels());
      current = fresh;
      return fresh;
    }
  }
}
