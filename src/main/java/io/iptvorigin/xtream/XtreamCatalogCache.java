package io.iptvorigin.xtream;

import io.iptvorigin.channel.ChannelRepository;
import io.iptvorigin.common.ByRevision;
import io.iptvorigin.common.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * This node's {@link XtreamCatalog}, valid while {@code channels:revision} has not moved; any
 * node's channel write bumps it, so every node re-renders on its next request. Concurrent misses
 * render once.
 */
@ApplicationScoped
public class XtreamCatalogCache {
  @Inject ChannelRepository channels;
  @Inject XtreamIds ids;
  @Inject Redis redis;

  private final ByRevision<XtreamCatalog> current = new ByRevision<>(XtreamCatalog::revision);

  XtreamCatalog current() {
    String raw = redis.call(j -> j.get(ChannelRepository.REVISION_KEY));
    return forRevision(raw == null ? 0 : Long.parseLong(raw));
  }

  XtreamCatalog forRevision(long revision) {
    return current.get(
        revision,
        () -> {
          ChannelRepository.Snapshot snapshot = channels.snapshot();
          XtreamIds.Assigned assigned =
              ids.assign(
                  XtreamCatalog.channelIds(snapshot.channels()),
                  XtreamCatalog.categoryNames(snapshot.channels()));
          return XtreamCatalog.render(snapshot.revision(), snapshot.channels(), assigned);
        });
  }
}
