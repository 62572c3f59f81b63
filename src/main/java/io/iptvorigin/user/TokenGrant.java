package io.iptvorigin.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.common.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * What a subscriber token grants, as stored under {@code token:{token}}: whose it is, until when,
 * how many connections, and whether it is switched on.
 */
public record TokenGrant(String username, String expiresAt, int maxConnections, boolean active) {

  public static TokenGrant of(User user) {
    return new TokenGrant(user.username(), user.expiresAt(), user.maxConnections(), user.active());
  }

  public boolean expiredAt(Instant now) {
    Optional<Instant> expiry = expiresAt == null ? Optional.empty() : Expiry.tryParse(expiresAt);
    return expiry.map(e -> !e.isAfter(now)).orElse(false);
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("username", username);
    node.put("expires_at", expiresAt);
    node.put("max_connections", maxConnections);
    node.put("is_active", active);
    return node;
  }

  public static TokenGrant fromJson(String json) {
    ObjectNode node = Json.readStored(json);
    JsonNode expires = node.get("expires_at");
    return new TokenGrant(
        node.path("username").asText(),
        expires == null || expires.isNull() ? null : expires.asText(),
        node.path("max_connections").asInt(1),
        node.path("is_active").asBoolean(false));
  }
}
