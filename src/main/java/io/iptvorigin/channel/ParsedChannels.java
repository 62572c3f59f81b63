package io.iptvorigin.channel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel records parsed lately, by their exact stored JSON. Every node reads the same unchanged
 * records over and over (the retired-channel sweep every two seconds asks for each channel it runs,
 * the playlists for all of them) and parsing one costs more than fetching it; a record that changed
 * is other JSON, so it is parsed afresh. Channels are immutable, so one instance is shared. The
 * least recently used give way past {@value #MAX} records.
 */
final class ParsedChannels {
  static final int MAX = 10_000;

  private final Map<String, Channel> byJson =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Channel> eldest) {
          return size() > MAX;
        }
      };

  synchronized Channel parse(String json) {
    Channel channel = byJson.get(json);
    if (channel == null) {
      channel = Channel.fromStoredJson(json);
      byJson.put(json, channel);
    }
    return channel;
  }

  synchronized int size() {
    return byJson.size();
  }
}
