package io.iptvorigin.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Channels for tests: {@code aChannel().from(url)}, {@code aLiveChannel(upstream)}. */
public final class TestChannels {
  private TestChannels() {}

  /** A channel with an id no other test uses, a name, and {@code http://up.example/{id}.ts}. */
  public static Channel aChannel() {
    return new Channel(id -> "http://up.example/" + id + ".ts");
  }

  /** A channel pulling its own live stream from the upstream: {@code /live/{id}.ts?gop=1}. */
  public static Channel aLiveChannel(LiveUpstream upstream) {
    return new Channel(id -> upstream.url("/live/" + id + ".ts?gop=1"));
  }

  /** The fields of a {@code POST /api/channels}; only those set are sent besides id and name. */
  public static final class Channel {
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private String id = ItEnvironment.unique("ch");
    private String name;
    private Function<String, String> source;

    private Channel(Function<String, String> source) {
      this.source = source;
    }

    public Channel withId(String id) {
      this.id = id;
      return this;
    }

    public Channel named(String name) {
      this.name = name;
      return this;
    }

    /** The upstream URL, instead of the default. */
    public Channel from(String sourceUrl) {
      source = id -> sourceUrl;
      return this;
    }

    public Channel withLogo(String logo) {
      return with("logo", logo);
    }

    public Channel inCategory(String category) {
      return with("category", category);
    }

    public Channel withQuality(String quality) {
      return with("quality", quality);
    }

    public Channel withOrder(int order) {
      return with("order", order);
    }

    public Channel withCategoryOrder(int categoryOrder) {
      return with("category_order", categoryOrder);
    }

    public Channel active(boolean active) {
      return with("is_active", active);
    }

    public Channel withUserAgent(String userAgent) {
      return with("user_agent", userAgent);
    }

    public Channel withReferer(String referer) {
      return with("referer", referer);
    }

    /** The provider whose connection limit it counts against. */
    public Channel withProvider(String provider) {
      return with("provider", provider);
    }

    /** The XMLTV channel its guide comes from. */
    public Channel withGuide(String epgChannelId) {
      return with("epg_channel_id", epgChannelId);
    }

    /** Backup sources, in order ({@code backup_urls} as plain URLs). */
    public Channel withBackups(String... urls) {
      return with("backup_urls", java.util.List.of(urls));
    }

    public Channel alwaysOn() {
      return with("always_on", true);
    }

    public Channel withSlate(boolean slate) {
      return with("slate", slate);
    }

    /** How its runs remux the upstream: {@code auto}, {@code native} or {@code ffmpeg}. */
    public Channel remux(String remux) {
      return with("remux", remux);
    }

    public String id() {
      return id;
    }

    public String json() {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("channel_id", id);
      all.put("name", name == null ? "Channel " + id : name);
      all.put("source_url", source.apply(id));
      all.putAll(fields);
      return TestJson.write(all);
    }

    private Channel with(String field, Object value) {
      fields.put(field, value);
      return this;
    }
  }
}
