package io.iptvorigin.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;

/**
 * One upstream of a channel and how to ask it: the URL plus the optional request settings (user
 * agent, referer, origin, cookie, HTTP proxy). The channel's first source is its {@code source_url}
 * with the channel's own settings; each backup carries its own, since a backup is usually another
 * provider that must not see the first one's cookie. Null means "not set".
 */
public record Source(
    String url, String userAgent, String referer, String origin, String cookie, String httpProxy) {

  /** A source with no request settings. */
  public static Source of(String url) {
    return new Source(url, null, null, null, null, null);
  }

  /** The wire form of a backup: {@code {"url": ..., "user_agent": ..., ...}}. */
  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("url", url);
    node.put("user_agent", userAgent);
    node.put("referer", referer);
    node.put("origin", origin);
    node.put("cookie", cookie);
    node.put("http_proxy", httpProxy);
    return node;
  }

  /** A backup as stored (validated when it was written). */
  static Source fromStored(JsonNode node) {
    if (node.isTextual()) {
      return of(node.asText());
    }
    return new Source(
        node.path("url").asText(),
        text(node, "user_agent"),
        text(node, "referer"),
        text(node, "origin"),
        text(node, "cookie"),
        text(node, "http_proxy"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
