package io.iptvorigin.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A channel: what the panel sends (id, name, upstream, logo, category, preset, ordering, active)
 * plus the optional upstream request settings FFmpeg uses (user agent, referer, origin, cookie,
 * HTTP proxy), the XMLTV channel its guide comes from ({@code epg_channel_id}), its {@link
 * Resilience} (backup sources, provider, always-on, slate) and which remuxer plays it ({@link
 * RemuxChoice}). Null means "not set" for every optional text field.
 */
public record Channel(
    String id,
    String name,
    String sourceUrl,
    String logo,
    String category,
    Quality quality,
    int order,
    int categoryOrder,
    boolean active,
    String userAgent,
    String referer,
    String origin,
    String cookie,
    String httpProxy,
    String epgChannelId,
    Resilience resilience,
    RemuxChoice remux) {

  public Channel {
    resilience = resilience == null ? Resilience.DEFAULT : resilience;
    remux = remux == null ? RemuxChoice.AUTO : remux;
  }

  /** A channel that lets the origin pick its remuxer ({@link RemuxChoice#AUTO}). */
  public Channel(
      String id,
      String name,
      String sourceUrl,
      String logo,
      String category,
      Quality quality,
      int order,
      int categoryOrder,
      boolean active,
      String userAgent,
      String referer,
      String origin,
      String cookie,
      String httpProxy,
      String epgChannelId,
      Resilience resilience) {
    this(
        id,
        name,
        sourceUrl,
        logo,
        category,
        quality,
        order,
        categoryOrder,
        active,
        userAgent,
        referer,
        origin,
        cookie,
        httpProxy,
        epgChannelId,
        resilience,
        RemuxChoice.AUTO);
  }

  /** A channel with the default {@link Resilience}. */
  public Channel(
      String id,
      String name,
      String sourceUrl,
      String logo,
      String category,
      Quality quality,
      int order,
      int categoryOrder,
      boolean active,
      String userAgent,
      String referer,
      String origin,
      String cookie,
      String httpProxy,
      String epgChannelId) {
    this(
        id,
        name,
        sourceUrl,
        logo,
        category,
        quality,
        order,
        categoryOrder,
        active,
        userAgent,
        referer,
        origin,
        cookie,
        httpProxy,
        epgChannelId,
        Resilience.DEFAULT);
  }

  /** A channel without a guide. */
  public Channel(
      String id,
      String name,
      String sourceUrl,
      String logo,
      String category,
      Quality quality,
      int order,
      int categoryOrder,
      boolean active,
      String userAgent,
      String referer,
      String origin,
      String cookie,
      String httpProxy) {
    this(
        id,
        name,
        sourceUrl,
        logo,
        category,
        quality,
        order,
        categoryOrder,
        active,
        userAgent,
        referer,
        origin,
        cookie,
        httpProxy,
        null,
        Resilience.DEFAULT);
  }

  /** The first source: {@code source_url} with the channel's own request settings. */
  public Source primary() {
    return new Source(sourceUrl, userAgent, referer, origin, cookie, httpProxy);
  }

  /** Every source in order of preference: the primary, then the backups. */
  public List<Source> sources() {
    List<Source> all = new ArrayList<>(1 + resilience.backups().size());
    all.add(primary());
    all.addAll(resilience.backups());
    return all;
  }

  public Channel withResilience(Resilience changed) {
    return new Channel(
        id,
        name,
        sourceUrl,
        logo,
        category,
        quality,
        order,
        categoryOrder,
        active,
        userAgent,
        referer,
        origin,
        cookie,
        httpProxy,
        epgChannelId,
        changed,
        remux);
  }

  public Channel withRemux(RemuxChoice changed) {
    return new Channel(
        id,
        name,
        sourceUrl,
        logo,
        category,
        quality,
        order,
        categoryOrder,
        active,
        userAgent,
        referer,
        origin,
        cookie,
        httpProxy,
        epgChannelId,
        resilience,
        changed);
  }

  /**
   * The id players and guides know this channel by: the M3U {@code tvg-id} and the XMLTV {@code
   * <channel id>} the origin serves. The XMLTV id when the channel has a guide (players match guide
   * and playlist by it), else the channel id, as the playlists always had.
   */
  public String tvgId() {
    return epgChannelId == null ? id : epgChannelId;
  }

  /** Playlist order: category_order, category, order, name, then id so equal entries stay put. */
  public static final Comparator<Channel> PLAYLIST_ORDER =
      Comparator.comparingInt(Channel::categoryOrder)
          .thenComparing(c -> c.category() == null ? "" : c.category())
          .thenComparingInt(Channel::order)
          .thenComparing(Channel::name)
          .thenComparing(Channel::id);

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("channel_id", id);
    node.put("name", name);
    node.put("source_url", sourceUrl);
    node.put("logo", logo);
    node.put("category", category);
    node.put("quality", quality.wireName());
    node.put("order", order);
    node.put("category_order", categoryOrder);
    node.put("is_active", active);
    node.put("user_agent", userAgent);
    node.put("referer", referer);
    node.put("origin", origin);
    node.put("cookie", cookie);
    node.put("http_proxy", httpProxy);
    node.put("epg_channel_id", epgChannelId);
    var backups = node.putArray("backup_urls");
    resilience.backups().forEach(b -> backups.add(b.toJson()));
    node.put("provider", resilience.provider());
    node.put("always_on", resilience.alwaysOn());
    node.put("slate", resilience.slate());
    node.put("remux", remux.wireName());
    return node;
  }

  public String toStoredJson() {
    return Json.write(toJson());
  }

  public static Channel fromStoredJson(String json) {
    ObjectNode node = Json.readStored(json);
    return new Channel(
        node.path("channel_id").asText(),
        node.path("name").asText(),
        node.path("source_url").asText(),
        text(node, "logo"),
        text(node, "category"),
        Quality.fromWire(node.path("quality").asText()).orElse(Quality.MEDIUM),
        node.path("order").asInt(0),
        node.path("category_order").asInt(0),
        node.path("is_active").asBoolean(true),
        text(node, "user_agent"),
        text(node, "referer"),
        text(node, "origin"),
        text(node, "cookie"),
        text(node, "http_proxy"),
        text(node, "epg_channel_id"),
        storedResilience(node),
        // Channels stored before the field existed have none: they keep the default.
        RemuxChoice.fromWire(node.path("remux").asText()).orElse(RemuxChoice.AUTO));
  }

  private static Resilience storedResilience(ObjectNode node) {
    List<Source> backups = new ArrayList<>();
    node.path("backup_urls").forEach(b -> backups.add(Source.fromStored(b)));
    return new Resilience(
        backups,
        text(node, "provider"),
        node.path("always_on").asBoolean(false),
        node.path("slate").asBoolean(true));
  }

  private static String text(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
