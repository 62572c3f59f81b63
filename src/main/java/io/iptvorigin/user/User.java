package io.iptvorigin.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * A subscriber. {@code expiresAt} is kept as the panel sent it (ISO-8601, validated) so the stored
 * JSON stays what the panel and operators know; {@code passwordHash} is never the password.
 */
public record User(
    String username,
    String token,
    String email,
    String expiresAt,
    int maxConnections,
    boolean active,
    String passwordHash) {

  public Optional<Instant> expiry() {
    return expiresAt == null ? Optional.empty() : Optional.of(Expiry.parse(expiresAt));
  }

  /** The JSON under {@code user:{username}}. */
  public String toStoredJson() {
    ObjectNode node = publicFields();
    node.put("password_hash", passwordHash);
    return Json.write(node);
  }

  /** What the API returns: everything but the password hash. */
  public ObjectNode toApiJson() {
    ObjectNode node = publicFields();
    node.put("has_password", passwordHash != null);
    return node;
  }

  /** The JSON under {@code token:{token}}: what a playlist or viewer check needs, in one GET. */
  public String toTokenJson() {
    return Json.write(TokenGrant.of(this).toJson());
  }

  private ObjectNode publicFields() {
    ObjectNode node = Json.object();
    node.put("username", username);
    node.put("token", token);
    node.put("email", email);
    node.put("expires_at", expiresAt);
    node.put("max_connections", maxConnections);
    node.put("is_active", active);
    return node;
  }

  public static User fromStoredJson(String json) {
    ObjectNode node = Json.readStored(json);
    return new User(
        node.path("username").asText(),
        node.path("token").asText(),
        textOrNull(node.get("email")),
        textOrNull(node.get("expires_at")),
        node.path("max_connections").asInt(1),
        node.path("is_active").asBoolean(true),
        textOrNull(node.get("password_hash")));
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
