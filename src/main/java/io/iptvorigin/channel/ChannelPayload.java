package io.iptvorigin.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.ApiException;
import io.iptvorigin.common.Fields;
import io.iptvorigin.common.HttpUrls;
import io.iptvorigin.common.InvalidFieldException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The channel JSON the panel sends, validated field by field. POST builds a new {@link Channel};
 * PUT changes only the fields it names. Upstream URLs are http or https only: FFmpeg would
 * otherwise read local files or run protocol chains (file:, concat:, pipe:) on the panel's word.
 */
public final class ChannelPayload {
  private static final Set<String> UPSTREAM_SCHEMES = HttpUrls.HTTP_OR_HTTPS;
  private static final int MAX_URL = 2048;
  private static final int MAX_NAME = 200;
  private static final int MAX_HEADER = 1024;
  private static final int MAX_EPG_CHANNEL_ID = 255;
  // RFC 3986 scheme: what a browser or player would take for one.
  private static final Pattern LOGO_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");

  private final Optional<String> id;
  private final Optional<String> name;
  private final Optional<String> sourceUrl;
  private final Optional<Optional<String>> logo;
  private final Optional<Optional<String>> category;
  private final Optional<Quality> quality;
  private final Optional<Integer> order;
  private final Optional<Integer> categoryOrder;
  private final Optional<Boolean> active;
  private final Optional<Optional<String>> userAgent;
  private final Optional<Optional<String>> referer;
  private final Optional<Optional<String>> origin;
  private final Optional<Optional<String>> cookie;
  private final Optional<Optional<String>> httpProxy;
  private final Optional<Optional<String>> epgChannelId;
  private final Optional<List<Source>> backups;
  private final Optional<Optional<String>> provider;
  private final Optional<Boolean> alwaysOn;
  private final Optional<Boolean> slate;
  private final Optional<RemuxChoice> remux;

  private ChannelPayload(ObjectNode body) {
    id = Fields.string(body, "channel_id").map(v -> ChannelId.parse(v).value());
    name = Fields.string(body, "name").map(ChannelPayload::checkName);
    sourceUrl =
        Fields.string(body, "source_url").map(v -> checkUrl(v, "source_url", UPSTREAM_SCHEMES));
    logo = optionalText(body, "logo", MAX_URL).map(v -> v.map(ChannelPayload::checkLogo));
    category = optionalText(body, "category", MAX_NAME);
    quality = Fields.string(body, "quality").map(ChannelPayload::checkQuality);
    order = Fields.integer(body, "order", Integer.MIN_VALUE, Integer.MAX_VALUE);
    categoryOrder = Fields.integer(body, "category_order", Integer.MIN_VALUE, Integer.MAX_VALUE);
    active = Fields.bool(body, "is_active");
    userAgent = optionalText(body, "user_agent", MAX_HEADER);
    referer = optionalText(body, "referer", MAX_HEADER);
    origin = optionalText(body, "origin", MAX_HEADER);
    cookie = optionalText(body, "cookie", MAX_HEADER);
    httpProxy =
        Fields.nullableString(body, "http_proxy")
            .map(
                p ->
                    p.filter(v -> !v.isEmpty())
                        .map(v -> checkUrl(v, "http_proxy", Set.of("http"))));
    epgChannelId =
        Fields.nullableString(body, "epg_channel_id")
            .map(p -> p.filter(v -> !v.isEmpty()).map(ChannelPayload::checkEpgChannelId));
    backups = BackupSources.parse(body);
    provider =
        Fields.nullableString(body, "provider")
            .map(p -> p.filter(v -> !v.isEmpty()).map(ChannelPayload::checkProvider));
    alwaysOn = Fields.bool(body, "always_on");
    slate = Fields.bool(body, "slate");
    remux = Optional.ofNullable(body.get("remux")).map(ChannelPayload::checkRemux);
  }

  public static ChannelPayload parse(ObjectNode body) {
    return new ChannelPayload(body);
  }

  /** A new channel from a POST body: channel_id, name and source_url are required. */
  public Channel toNewChannel() {
    return new Channel(
        Fields.required(id, "channel_id"),
        Fields.required(name, "name"),
        Fields.required(sourceUrl, "source_url"),
        flat(logo),
        flat(category),
        quality.orElse(Quality.MEDIUM),
        order.orElse(0),
        categoryOrder.orElse(0),
        active.orElse(true),
        flat(userAgent),
        flat(referer),
        flat(origin),
        flat(cookie),
        flat(httpProxy),
        flat(epgChannelId),
        resilience(Resilience.DEFAULT),
        remux.orElse(RemuxChoice.AUTO));
  }

  /** {@code current} with the fields this PUT names changed. */
  public Channel applyTo(Channel current) {
    id.ifPresent(
        newId -> {
          if (!newId.equals(current.id())) {
            throw new ApiException(400, "invalid field 'channel_id': a channel id cannot change");
          }
        });
    return new Channel(
        current.id(),
        name.orElse(current.name()),
        sourceUrl.orElse(current.sourceUrl()),
        logo.isPresent() ? flat(logo) : current.logo(),
        category.isPresent() ? flat(category) : current.category(),
        quality.orElse(current.quality()),
        order.orElse(current.order()),
        categoryOrder.orElse(current.categoryOrder()),
        active.orElse(current.active()),
        userAgent.isPresent() ? flat(userAgent) : current.userAgent(),
        referer.isPresent() ? flat(referer) : current.referer(),
        origin.isPresent() ? flat(origin) : current.origin(),
        cookie.isPresent() ? flat(cookie) : current.cookie(),
        httpProxy.isPresent() ? flat(httpProxy) : current.httpProxy(),
        epgChannelId.isPresent() ? flat(epgChannelId) : current.epgChannelId(),
        resilience(current.resilience()),
        remux.orElse(current.remux()));
  }

  /** Whether this body names the channel's provider (so the caller checks that it exists). */
  public Optional<String> namedProvider() {
    return provider.flatMap(Function.identity());
  }

  private Resilience resilience(Resilience current) {
    return new Resilience(
        backups.orElse(current.backups()),
        provider.isPresent() ? flat(provider) : current.provider(),
        alwaysOn.orElse(current.alwaysOn()),
        slate.orElse(current.slate()));
  }

  static String checkProvider(String value) {
    return Fields.matching(
        value,
        "provider",
        ProviderDirectory.ID,
        "a provider id (letters, digits, '_', '.', '-'; at most 64)");
  }

  static String checkName(String value) {
    Fields.singleLine(value, "name", MAX_NAME);
    if (value.isBlank()) {
      throw new InvalidFieldException("name", "must not be blank");
    }
    return value;
  }

  /**
   * A logo every player may load: an http(s) URL, or a path relative to the playlist (the
   * reference's {@code images/no_logo.jpg}). Anything with another scheme ({@code javascript:},
   * {@code data:}, {@code file:}) would reach every player, web players included.
   */
  static String checkLogo(String value) {
    if (value.isEmpty()) {
      return value;
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\')
        || !value.equals(value.strip())) {
      throw new InvalidFieldException(
          "logo", "must not contain control characters, backslashes or surrounding spaces");
    }
    java.util.regex.Matcher scheme = LOGO_SCHEME.matcher(value);
    if (scheme.lookingAt()) {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      if (!UPSTREAM_SCHEMES.contains(name)) {
        throw new InvalidFieldException("logo", "must be an http or https URL or a relative path");
      }
      checkUrl(value.replace(" ", "%20"), "logo", UPSTREAM_SCHEMES);
      return name + value.substring(name.length());
    }
    return value;
  }

  /**
   * An XMLTV {@code <channel id>} as guides spell them ({@code BBCOne.uk}, {@code 48681}, sometimes
   * with spaces): one line, no surrounding spaces; it goes into playlists' {@code tvg-id} and the
   * guides this origin serves, escaped there.
   */
  static String checkEpgChannelId(String value) {
    Fields.singleLine(value, "epg_channel_id", MAX_EPG_CHANNEL_ID);
    if (!value.equals(value.strip()) || value.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidFieldException(
          "epg_channel_id", "must not contain control characters or surrounding spaces");
    }
    return value;
  }

  static Quality checkQuality(String value) {
    return Quality.fromWire(value)
        .orElseThrow(() -> new InvalidFieldException("quality", "must be low, medium or high"));
  }

  /** One of the three words; a number or null gets the same answer, which names them. */
  static RemuxChoice checkRemux(JsonNode value) {
    return Optional.of(value)
        .filter(JsonNode::isTextual)
        .flatMap(v -> RemuxChoice.fromWire(v.textValue()))
        .orElseThrow(() -> new InvalidFieldException("remux", "must be auto, native or ffmpeg"));
  }

  static String checkUrl(String value, String field, Set<String> schemes) {
    return HttpUrls.check(value, field, schemes);
  }

  private static Optional<Optional<String>> optionalText(ObjectNode body, String field, int max) {
    return Fields.nullableString(body, field)
        .map(v -> v.map(s -> Fields.singleLine(s, field, max)));
  }

  private static String flat(Optional<Optional<String>> value) {
    return value.flatMap(Function.identity()).orElse(null);
  }
}
