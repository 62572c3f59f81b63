package io.iptvorigin.playlist;

import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.ByRevision;
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

  private final ByRevision<M3uPlaylist> current = new ByRevision<>(M3uPlaylist::revision);

  M3uPlaylist forRevision(long revision) {
    return current.get(
        revision,
        () -> {
          ChannelRepository.Snapshot snapshot = channels.snapshot();
          return M3uPlaylist.render(snapshot.revision(), snapshot.channels());
        });
  }
}
