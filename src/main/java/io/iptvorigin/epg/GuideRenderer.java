package io.iptvorigin.epg;

import io.iptvorigin.channel.Channel;
import io.iptvorigin.playlist.M3uPlaylist;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The XMLTV document subscribers get: one {@code <channel>} per XMLTV id the playlist's channels
 * map to (the M3U {@code tvg-id}), named after those channels, with their logo; then the stored
 * programmes of each inside the window. Written as it is read, a few hundred channels at a time, so
 * a big guide never sits in memory whole.
 */
@ApplicationScoped
public class GuideRenderer {
  private static final int CHANNELS_PER_READ = 200;

  @Inject GuideStore store;
  @Inject EpgSettings settings;

  /** Counts of one render. */
  public record Rendered(int channels, long programmes) {}

  public Rendered write(
      OutputStream out, GuideStore.Snapshot guides, List<Channel> channels, long now)
      throws IOException {
    Map<String, List<Channel>> byGuideId = new LinkedHashMap<>();
    for (Channel c : M3uPlaylist.entries(channels)) {
      if (c.epgChannelId() != null) {
        byGuideId.computeIfAbsent(c.epgChannelId(), k -> new ArrayList<>()).add(c);
      }
    }
    List<String> ids = new ArrayList<>(byGuideId.keySet());
    Set<String> present = store.present(guides, ids);
    // A <channel> without programmes is an error to XMLTV validators: list only guided ones.
    List<String> guided = ids.stream().filter(present::contains).toList();
    long from = settings.windowStart(now);
    long to = settings.windowEnd(now);
    long programmes = 0;
    XmltvWriter xml = new XmltvWriter(out);
    xml.begin();
    for (String id : guided) {
      List<Channel> named = byGuideId.get(id);
      xml.channel(id, named.stream().map(Channel::name).distinct().toList(), icon(named));
    }
    for (int start = 0; start < guided.size(); start += CHANNELS_PER_READ) {
      List<String> part = guided.subList(start, Math.min(guided.size(), start + CHANNELS_PER_READ));
      Map<String, byte[]> stored = store.programmes(guides, part);
      for (String id : part) {
        byte[] blob = stored.get(id);
        if (blob == null) {
          continue;
        }
        for (Programme p : ProgrammeCodec.decode(blob)) {
          if (p.start() < to && (p.stop() == 0 ? p.start() >= from : p.stop() > from)) {
            xml.programme(id, p);
            programmes++;
          }
        }
      }
    }
    xml.end();
    // Writes out what the writer buffered; closing `out` is the caller's.
    xml.close();
    return new Rendered(guided.size(), programmes);
  }

  /** The first absolute http(s) logo: a relative one means nothing outside the playlist. */
  private static String icon(List<Channel> channels) {
    for (Channel c : channels) {
      String logo = c.logo();
      if (logo != null) {
        String lower = logo.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
          return logo;
        }
      }
    }
    return null;
  }
}
