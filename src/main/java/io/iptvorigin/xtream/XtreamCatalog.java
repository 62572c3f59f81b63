package io.iptvorigin.xtream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.channel.Channel;
import io.iptvorigin.common.Json;
import io.iptvorigin.playlist.M3uBody;
import io.iptvorigin.playlist.M3uPlaylist;
import io.iptvorigin.playlist.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every subscriber's app gets alike, rendered once per channel revision: the live categories,
 * the live streams (all, and per category) as JSON bytes, the {@code get.php} channel list, and the
 * channel behind each numeric stream id. Per request only the login is checked and the bytes sent.
 */
final class XtreamCatalog {
  /** The category of channels that have none (apps list streams by category only). */
  static final String UNCATEGORISED = "Uncategorised";

  private static final byte[] EMPTY_LIST = "[]".getBytes(StandardCharsets.US_ASCII);

  private final long revision;
  private final byte[] categories;
  private final byte[] streams;
  private final Map<String, byte[]> streamsByCategory;
  private final Map<Long, String> channelByStreamId;
  private final Map<Long, String> guideByStreamId;
  private final M3uPlaylist hlsList;
  private final M3uPlaylist tsList;

  private XtreamCatalog(
      long revision,
      byte[] categories,
      byte[] streams,
      Map<String, byte[]> streamsByCategory,
      Map<Long, String> channelByStreamId,
      Map<Long, String> guideByStreamId,
      M3uPlaylist hlsList,
      M3uPlaylist tsList) {
    this.revision = revision;
    this.categories = categories;
    this.streams = streams;
    this.streamsByCategory = streamsByCategory;
    this.channelByStreamId = channelByStreamId;
    this.guideByStreamId = guideByStreamId;
    this.hlsList = hlsList;
    this.tsList = tsList;
  }

  /** The category names of these channels' playlist entries, in playlist order, each once. */
  static List<String> categoryNames(List<Channel> channels) {
    return M3uPlaylist.entries(channels).stream()
        .map(XtreamCatalog::categoryOf)
        .distinct()
        .toList();
  }

  static List<String> channelIds(List<Channel> channels) {
    return M3uPlaylist.entries(channels).stream().map(Channel::id).toList();
  }

  static XtreamCatalog render(long revision, List<Channel> channels, XtreamIds.Assigned ids) {
    List<Channel> entries = M3uPlaylist.entries(channels);
    ArrayNode categoryList = Json.array();
    for (String name : categoryNames(channels)) {
      ObjectNode category = categoryList.addObject();
      category.put("category_id", Long.toString(ids.categoryIds().get(name)));
      category.put("category_name", name.isEmpty() ? UNCATEGORISED : name);
      category.put("parent_id", 0);
    }
    ArrayNode all = Json.array();
    Map<String, ArrayNode> byCategory = new LinkedHashMap<>();
    Map<Long, String> channelByStreamId = new HashMap<>();
    Map<Long, String> guideByStreamId = new HashMap<>();
    int num = 0;
    for (Channel c : entries) {
      long streamId = ids.streamIds().get(c.id());
      long categoryId = ids.categoryIds().get(categoryOf(c));
      ObjectNode stream = all.addObject();
      stream.put("num", ++num);
      stream.put("name", c.name());
      stream.put("stream_type", "live");
      stream.put("stream_id", streamId);
      stream.put("stream_icon", c.logo() == null ? "" : c.logo());
      // The <channel id> of xmltv.php; apps treat null as "no guide for this channel".
      if (c.epgChannelId() == null) {
        stream.putNull("epg_channel_id");
      } else {
        stream.put("epg_channel_id", c.epgChannelId());
      }
      stream.put("added", Long.toString(ids.added().get(c.id())));
      stream.put("category_id", Long.toString(categoryId));
      stream.putArray("category_ids").add(categoryId);
      stream.put("custom_sid", "");
      stream.put("tv_archive", 0);
      stream.put("direct_source", "");
      stream.put("tv_archive_duration", 0);
      byCategory.computeIfAbsent(Long.toString(categoryId), k -> Json.array()).add(stream);
      channelByStreamId.put(streamId, c.id());
      if (c.epgChannelId() != null) {
        guideByStreamId.put(streamId, c.epgChannelId());
      }
    }
    Map<String, byte[]> streamsByCategory = new HashMap<>();
    byCategory.forEach((id, list) -> streamsByCategory.put(id, bytes(list)));
    M3uPlaylist hls = streamList(revision, channels, ids, OutputFormat.HLS);
    M3uPlaylist ts = streamList(revision, channels, ids, OutputFormat.TS);
    return new XtreamCatalog(
        revision,
        bytes(categoryList),
        bytes(all),
        streamsByCategory,
        channelByStreamId,
        guideByStreamId,
        hls,
        ts);
  }

  private static M3uPlaylist streamList(
      long revision, List<Channel> channels, XtreamIds.Assigned ids, OutputFormat format) {
    return M3uPlaylist.render(
        revision, channels, c -> "/" + ids.streamIds().get(c.id()) + format.extension());
  }

  long revision() {
    return revision;
  }

  byte[] categories() {
    return categories;
  }

  /** All live streams, or those of one category ({@code []} for an unknown one). */
  byte[] streams(String categoryId) {
    if (categoryId == null || categoryId.isEmpty()) {
      return streams;
    }
    return streamsByCategory.getOrDefault(categoryId, EMPTY_LIST);
  }

  /**
   * What {@link #streams} answers for this {@code category_id}: the same key for the same bytes,
   * and one key for every unknown category, so a client cannot make one file per made-up id.
   */
  String streamsKey(String categoryId) {
    if (categoryId == null || categoryId.isEmpty()) {
      return "all";
    }
    return streamsByCategory.containsKey(categoryId) ? "category-" + categoryId : "none";
  }

  /** The XMLTV channel of an active channel's stream id, if it has a guide. */
  Optional<String> guideOf(long streamId) {
    return Optional.ofNullable(guideByStreamId.get(streamId));
  }

  /** The channel id of an active channel's stream id. */
  Optional<String> channelOf(long streamId) {
    return Optional.ofNullable(channelByStreamId.get(streamId));
  }

  /**
   * The {@code get.php} body, each URL {@code prefix/{stream_id}.m3u8} (or {@code .ts}), the guide
   * at {@code guideUrl}.
   */
  M3uBody m3u(String prefix, String guideUrl, OutputFormat format) {
    return new M3uBody(format == OutputFormat.TS ? tsList : hlsList, prefix, guideUrl);
  }

  private static String categoryOf(Channel c) {
    return c.category() == null ? "" : c.category();
  }

  private static byte[] bytes(Object node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8);
  }
}
