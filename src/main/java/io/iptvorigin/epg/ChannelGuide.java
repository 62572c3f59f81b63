package io.iptvorigin.epg;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel's stored programmes, for the Xtream EPG actions: read from the guide in use, and kept
 * for the guide revision they were read at, so an app opening a channel's guide over and over costs
 * one Redis read per channel and refresh.
 */
@ApplicationScoped
public class ChannelGuide {
  private static final int CACHED_CHANNELS = 2000;

  @Inject GuideStore store;

  private record Cached(long revision, List<Programme> programmes) {}

  private final Map<String, Cached> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > CACHED_CHANNELS;
        }
      };

  /** The programmes of the XMLTV channel {@code epgChannelId}, by start; empty without any. */
  public List<Programme> programmes(String epgChannelId) {
    GuideStore.Snapshot snapshot = store.snapshot();
    synchronized (cache) {
      Cached hit = cache.get(epgChannelId);
      if (hit != null && hit.revision() == snapshot.revision()) {
        return hit.programmes();
      }
    }
    byte[] blob = store.programmes(snapshot, List.of(epgChannelId)).get(epgChannelId);
    List<Programme> programmes = blob == null ? List.of() : ProgrammeCodec.decode(blob);
    synchronized (cache) {
      cache.put(epgChannelId, new Cached(snapshot.revision(), programmes));
    }
    return programmes;
  }
}
