package io.iptvorigin.support;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;

/** Subscribers for tests: {@code aUser().withMaxConnections(1).expiringIn(Duration.ofDays(1))}. */
public final class TestUsers {
  private TestUsers() {}

  /** A created user: its name and its playlist token. */
  public record Subscriber(String username, String token) {}

  /** A user with a name no other test uses and a fresh token; every other field left out. */
  public static User aUser() {
    return new User();
  }

  /**
   * A token key written straight into Redis whose {@code expires_at} passed {@code ago} ago while
   * the key itself lives on for a minute, as it may around a user's expiry: only the expiry check
   * can refuse it. Returns the token.
   */
  public static String expiredGrant(Duration ago, int maxConnections) {
    String token = ItEnvironment.newToken();
    try (Jedis redis = ItEnvironment.redis()) {
      redis.setex(
          "token:" + token,
          60,
          "{\"username\":\"late\",\"expires_at\":\""
              + Instant.now().minus(ago)
              + "\",\"max_connections\":"
              + maxConnections
              + ",\"is_active\":true}");
    }
    return token;
  }

  /** The fields of a {@code POST /api/users}; only those set are sent. */
  public static final class User {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private User() {
      fields.put("username", ItEnvironment.unique("user"));
      fields.put("token", ItEnvironment.newToken());
    }

    public User withUsername(String username) {
      return with("username", username);
    }

    public User withToken(String token) {
      return with("token", token);
    }

    public User withEmail(String email) {
      return with("email", email);
    }

    public User expiringAt(Instant expiresAt) {
      return with("expires_at", expiresAt.toString());
    }

    public User expiringIn(Duration duration) {
      return expiringAt(Instant.now().plus(duration));
    }

    public User withMaxConnections(int maxConnections) {
      return with("max_connections", maxConnections);
    }

    public User active(boolean active) {
      return with("is_active", active);
    }

    public User withPassword(String password) {
      return with("password", password);
    }

    public String username() {
      return (String) fields.get("username");
    }

    public String token() {
      return (String) fields.get("token");
    }

    public String json() {
      return TestJson.write(fields);
    }

    private User with(String field, Object value) {
      fields.put(field, value);
      return this;
    }
  }
}
