package io.iptvorigin.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;

/**
 * An upstream account the operator pays for, and how many streams it may carry at once: every
 * running channel naming it holds one of its {@code maxConnections} slots ({@link ProviderSlots}).
 */
public record Provider(String id, int maxConnections) {
  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("id", id);
    node.put("max_connections", maxConnections);
    return node;
  }

  /** The stored form, which the slot scripts read too ({@code max_connections}). */
  public String toStoredJson() {
    return Json.write(toJson());
  }

  public static Provider fromStoredJson(String json) {
    ObjectNode node = Json.readStored(json);
    return new Provider(node.path("id").asText(), node.path("max_connections").asInt(1));
  }
}
