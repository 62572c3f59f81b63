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

  /** The channel list of one revision, with HLS and with TS channel URLs. */
  private record Lists(long revision, M3uPlaylist hls, M3uPlaylist ts) {}

  private final ByRevision<Lists> current = new ByRevision<>(Lists::revision);

  M3uPlaylist forRevision(long revision, OutputFormat format) {
    Lists lists =
        current.get(
            revision,
            () -> {
              ChannelRepository.Snapshot snapshot = channels.snapshot();
              return new Lists(
                  snapshot.revision(),
                  M3uPlaylist.render(snapshot.revision(), snapshot.channels(), OutputFormat.HLS),
                  M3uPlaylist.render(snapshot.revision(), snapshot.channels(), OutputFormat.TS));
            });
    return format == OutputFormat.TS ? lists.ts() : lists.hls();
  }
}
