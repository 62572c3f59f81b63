package io.iptvorigin.user;

import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestUsers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** The panel's user API against the real WildFly and Redis: keys, TTLs, validation, auth. */
@ExtendWith(ArquillianExtension.class)
class UserApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final OriginStack stack = OriginStack.deployed();
  private final AdminApi admin = stack.admin();

  /** A user with every field set, a password among them. */
  private static TestUsers.User user(String username, String token, Instant expiresAt) {
    return aUser()
        .withUsername(username)
        .withToken(token)
        .withEmail(username + "@example.com")
        .expiringAt(expiresAt)
        .withMaxConnections(2)
        .active(true)
        .withPassword("s3cret-pass");
  }

  private static String userJson(String username, String token, Instant expiresAt) {
    return user(username, token, expiresAt).json();
  }

  private static Instant inDays(int days) {
    return Instant.now().plus(days, ChronoUnit.DAYS);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private String createUser(String token) {
    return admin.create(user(ItEnvironment.unique("u"), token, inDays(30))).username();
  }

  @Test
  void createdUserIsStoredUnderItsKeysWithTokenExpiringWithTheUser() throws Exception {
    String token = ItEnvironment.newToken();
    String username = ItEnvironment.unique("u");
    Instant expires = Instant.now().plus(2, ChronoUnit.DAYS);
    HttpResponse<String> response = admin.post("/api/users", userJson(username, token, expires));

    assertEquals(201, response.statusCode(), response.body());
    assertEquals(username, json(response).get("username").asText());
    try (Jedis redis = ItEnvironment.redis()) {
      assertTrue(redis.sismember("users:all", username), "users:all member");
      JsonNode stored = JSON.readTree(redis.get("user:" + username));
      assertEquals(token, stored.get("token").asText());
      JsonNode grant = JSON.readTree(redis.get("token:" + token));
      assertEquals(username, grant.get("username").asText());
      assertEquals(2, grant.get("max_connections").asInt());
      assertTrue(grant.get("is_active").asBoolean());
      long ttl = redis.ttl("token:" + token);
      long expected = expires.getEpochSecond() - Instant.now().getEpochSecond();
      assertTrue(Math.abs(ttl - expected) <= 5, "token TTL " + ttl + " ~ " + expected);
    }
  }

  @Test
  void passwordIsStoredOnlyAsSaltedHashAndNeverReturned() throws Exception {
    String username = createUser(ItEnvironment.newToken());
    try (Jedis redis = ItEnvironment.redis()) {
      String stored = redis.get("user:" + username);
      assertFalse(stored.contains("s3cret-pass"), "clear password in Redis");
      assertTrue(JSON.readTree(stored).get("password_hash").asText().startsWith("pbkdf2-sha512$"));
    }
    HttpResponse<String> got = admin.get("/api/users/" + username);
    assertEquals(200, got.statusCode());
    assertFalse(got.body().contains("s3cret-pass"));
    assertFalse(got.body().contains("password_hash"));
    assertTrue(json(got).get("has_password").asBoolean());
  }

  @Test
  void newPasswordHashesHaveTheConfiguredCost() throws Exception {
    // arquillian.xml sets iptv.user.password-hash-iterations=10000.
    String username = createUser(ItEnvironment.newToken());
    try (Jedis redis = ItEnvironment.redis()) {
      String hash = JSON.readTree(redis.get("user:" + username)).get("password_hash").asText();
      assertTrue(hash.startsWith("pbkdf2-sha512$10000$"), hash);
    }
  }

  @Test
  void listShowsCreatedUser() throws Exception {
    String username = createUser(ItEnvironment.newToken());
    HttpResponse<String> list = admin.get("/api/users");
    assertEquals(200, list.statusCode());
    boolean found = false;
    for (JsonNode user : json(list).get("users")) {
      found |= user.get("username").asText().equals(username);
    }
    assertTrue(found, "created user listed");
    assertTrue(json(list).get("count").asInt() >= 1);
  }

  @Test
  void creatingAnExistingUserIs409AndChangesNothing() throws Exception {
    String token = ItEnvironment.newToken();
    String username = createUser(token);
    HttpResponse<String> again =
        admin.post("/api/users", userJson(username, ItEnvironment.newToken(), inDays(1)));
    assertEquals(409, again.statusCode());
    assertTrue(json(again).get("error").asText().contains(username));
    assertEquals(token, json(admin.get("/api/users/" + username)).get("token").asText());
  }

  @Test
  void aTokenHeldByAnotherUserIs409() {
    String token = ItEnvironment.newToken();
    createUser(token);
    HttpResponse<String> second =
        admin.post("/api/users", userJson(ItEnvironment.unique("u"), token, inDays(1)));
    assertEquals(409, second.statusCode());
  }

  @Test
  void missingUserIs404() throws Exception {
    for (String method : List.of("GET", "PUT", "DELETE")) {
      HttpResponse<String> response =
          admin.send(
              method,
              "/api/users/nobody-" + ItEnvironment.newToken().substring(0, 8),
              method.equals("PUT") ? "{\"max_connections\":3}" : null);
      assertEquals(404, response.statusCode(), method);
      assertTrue(json(response).has("error"), method);
    }
  }

  @Test
  void putChangesOnlyTheFieldsItNames() throws Exception {
    String token = ItEnvironment.newToken();
    String username = createUser(token);
    HttpResponse<String> put = admin.put("/api/users/" + username, "{\"max_connections\":5}");
    assertEquals(200, put.statusCode(), put.body());
    JsonNode user = json(admin.get("/api/users/" + username));
    assertEquals(5, user.get("max_connections").asInt());
    assertEquals(token, user.get("token").asText());
    assertEquals(username + "@example.com", user.get("email").asText());
    assertTrue(user.get("is_active").asBoolean());
    assertTrue(user.get("has_password").asBoolean());
    try (Jedis redis = ItEnvironment.redis()) {
      assertEquals(5, JSON.readTree(redis.get("token:" + token)).get("max_connections").asInt());
    }
  }

  @Test
  void rotatedTokenRemovesTheOldTokenKey() throws Exception {
    String oldToken = ItEnvironment.newToken();
    String username = createUser(oldToken);
    String newToken = ItEnvironment.newToken();
    HttpResponse<String> put =
        admin.put("/api/users/" + username, "{\"token\":\"" + newToken + "\"}");
    assertEquals(200, put.statusCode(), put.body());
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("token:" + oldToken), "old token key removed");
      assertEquals(
          username, JSON.readTree(redis.get("token:" + newToken)).get("username").asText());
      assertTrue(redis.ttl("token:" + newToken) > 0, "new token keeps the user's TTL");
    }
  }

  @Test
  void disabledUserKeepsItsTokenKeyMarkedInactive() throws Exception {
    String token = ItEnvironment.newToken();
    String username = createUser(token);
    assertEquals(200, admin.put("/api/users/" + username, "{\"is_active\":false}").statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(JSON.readTree(redis.get("token:" + token)).get("is_active").asBoolean());
    }
  }

  @Test
  void alreadyExpiredUserHasNoTokenKey() {
    String token = ItEnvironment.newToken();
    String username = ItEnvironment.unique("u");
    Instant past = Instant.now().minus(1, ChronoUnit.DAYS);
    assertEquals(201, admin.post("/api/users", userJson(username, token, past)).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertTrue(redis.exists("user:" + username));
      assertFalse(redis.exists("token:" + token));
    }
  }

  @Test
  void userWithoutExpiryHasAPersistentTokenKey() {
    String token = ItEnvironment.newToken();
    String username = ItEnvironment.unique("u");
    String body =
        "{\"username\":\"" + username + "\",\"token\":\"" + token + "\",\"expires_at\":null}";
    assertEquals(201, admin.post("/api/users", body).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertEquals(-1, redis.ttl("token:" + token));
    }
  }

  @Test
  void deleteRemovesUserTokenAndSetMember() {
    String token = ItEnvironment.newToken();
    String username = createUser(token);
    assertEquals(200, admin.delete("/api/users/" + username).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("user:" + username));
      assertFalse(redis.exists("token:" + token));
      assertFalse(redis.sismember("users:all", username));
    }
    assertEquals(404, admin.get("/api/users/" + username).statusCode());
  }

  @Test
  void concurrentTokenRotationsLeaveExactlyTheUsersTokenKey() throws Exception {
    String username = createUser(ItEnvironment.newToken());
    List<String> tokens = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String token = ItEnvironment.newToken();
        tokens.add(token);
        results.add(
            pool.submit(
                () -> admin.put("/api/users/" + username, "{\"token\":\"" + token + "\"}")));
      }
      for (Future<HttpResponse<String>> result : results) {
        int status = result.get().statusCode();
        assertTrue(status == 200 || status == 409, "status " + status);
      }
    } finally {
      pool.shutdown();
    }
    try (Jedis redis = ItEnvironment.redis()) {
      String current = JSON.readTree(redis.get("user:" + username)).get("token").asText();
      for (String token : tokens) {
        assertEquals(token.equals(current), redis.exists("token:" + token), "token key " + token);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"username\":\"bad name\",\"token\":\"%s\"}|username",
        "{\"username\":\"this-name-is-far-too-long-for-the-limit-of-sixty-four-characters-yes\",\"token\":\"%s\"}|username",
        "{\"username\":\"ok\",\"token\":\"ABC\"}|token",
        "{\"username\":\"ok\",\"token\":\"%s\",\"expires_at\":\"next week\"}|expires_at",
        "{\"username\":\"ok\",\"token\":\"%s\",\"max_connections\":0}|max_connections",
        "{\"username\":\"ok\",\"token\":\"%s\",\"max_connections\":1001}|max_connections",
        "{\"username\":\"ok\",\"token\":\"%s\",\"max_connections\":\"2\"}|max_connections",
        "{\"username\":\"ok\",\"token\":\"%s\",\"is_active\":\"yes\"}|is_active",
        "{\"username\":42,\"token\":\"%s\"}|username",
        "{\"token\":\"%s\"}|username",
        "{\"username\":\"ok\"}|token",
        "{\"username\":\"ok\",\"token\":\"%s\",\"email\":\"a\\nb@example.com\"}|email"
      })
  void invalidUserFieldIs400NamingTheField(String caseLine) throws Exception {
    String[] parts = caseLine.split("\\|");
    String body = parts[0].replace("%s", ItEnvironment.newToken());
    HttpResponse<String> response = admin.post("/api/users", body);
    assertEquals(400, response.statusCode(), body);
    assertTrue(json(response).get("error").asText().contains(parts[1]), response.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"username\":", "[1,2]", "", "null", "{\"a\":1}{", "not json"})
  void malformedBodyIs400(String body) throws Exception {
    HttpResponse<String> response = admin.post("/api/users", body);
    assertEquals(400, response.statusCode(), body);
    assertTrue(json(response).has("error"));
  }

  @Test
  void oversizedBodyIsRefused() {
    String big = "{\"username\":\"" + "x".repeat(70_000) + "\"}";
    int status = admin.post("/api/users", big).statusCode();
    assertTrue(status == 400 || status == 413, "status " + status);
  }

  @Test
  void invalidUpdateLeavesStoredUserUntouched() throws Exception {
    String username = createUser(ItEnvironment.newToken());
    String before;
    try (Jedis redis = ItEnvironment.redis()) {
      before = redis.get("user:" + username);
    }
    HttpResponse<String> put =
        admin.put("/api/users/" + username, "{\"email\":\"x@y.z\",\"max_connections\":-1}");
    assertEquals(400, put.statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertEquals(before, redis.get("user:" + username));
    }
  }

  @Test
  void withoutOrWithWrongAdminTokenEveryUserCallIs401() throws Exception {
    String username = createUser(ItEnvironment.newToken());
    for (Http client :
        List.of(
            stack.app(),
            stack.app().withToken("wrong-token"),
            stack.app().withToken(ItEnvironment.adminToken() + "x"))) {
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        String path =
            method.equals("POST") || method.equals("GET") && username.isEmpty()
                ? "/api/users"
                : "/api/users/" + username;
        HttpResponse<String> response =
            client.send(method, path, method.startsWith("P") ? "{}" : null);
        assertEquals(401, response.statusCode(), method + " " + path);
        assertEquals("Unauthorized", json(response).get("error").asText());
      }
    }
    assertNotEquals(null, admin.get("/api/users/" + username).body());
    try (Jedis redis = ItEnvironment.redis()) {
      assertTrue(redis.exists("user:" + username), "refused calls changed nothing");
    }
  }

  @Test
  void renamingThroughPutIsRefused() throws Exception {
    String username = createUser(ItEnvironment.newToken());
    HttpResponse<String> put =
        admin.put("/api/users/" + username, "{\"username\":\"someone-else\"}");
    assertEquals(400, put.statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertNull(redis.get("user:someone-else"));
    }
  }
}
