package io.iptvorigin.epg;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;

/**
 * An XMLTV guide the operator's provider publishes: where to fetch it and how often. Several
 * sources feed one guide; a channel's {@code epg_channel_id} is looked up in each, in id order.
 */
public record EpgSource(String id, String url, int refreshMinutes) {
  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("id", id);
    node.put("url", url);
    node.put("refresh_minutes", refreshMinutes);
    return node;
  }

  public String toStoredJson() {
    return Json.write(toJson());
  }

  public static EpgSource fromStoredJson(String json) {
    ObjectNode node = Json.readStored(json);
    return new EpgSource(
        node.path("id").asText(),
        node.path("url").asText(),
        node.path("refresh_minutes").asInt(EpgSourcePayload.DEFAULT_REFRESH_MINUTES));
  }
}
