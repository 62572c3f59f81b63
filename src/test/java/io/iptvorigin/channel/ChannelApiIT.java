package io.iptvorigin.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.Deployments;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** The panel's channel API against the real WildFly and Redis, and the channels.txt export. */
@ExtendWith(ArquillianExtension.class)
class ChannelApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.productionWar();
  }

  static String channelJson(String id, String name) {
    return """
        {"channel_id":"%s","name":"%s","source_url":"http://upstream.example:80/live/u/p/%s.ts",
         "logo":"images/no_logo.jpg","category":"Favorite","quality":"medium","order":1,
         "category_order":1,"is_active":true}"""
        .formatted(id, name, id);
  }

  private String createChannel(String name) {
    String id = ItEnvironment.unique("c");
    HttpResponse<String> created = Http.admin(base).post("/api/channels", channelJson(id, name));
    assertEquals(201, created.statusCode(), created.body());
    return id;
  }

  private static long revision(Jedis redis) {
    String value = redis.get("channels:revision");
    return value == null ? 0 : Long.parseLong(value);
  }

  @Test
  void createdChannelIsStoredAndBumpsTheRevision() throws Exception {
    long before;
    try (Jedis redis = ItEnvironment.redis()) {
      before = revision(redis);
    }
    String id = createChannel("MBC Pro aflam");
    try (Jedis redis = ItEnvironment.redis()) {
      assertTrue(redis.sismember("channels:all", id));
      JsonNode stored = JSON.readTree(redis.get("channel:" + id));
      assertEquals("MBC Pro aflam", stored.get("name").asText());
      assertEquals("medium", stored.get("quality").asText());
      assertTrue(revision(redis) > before, "revision bumped");
    }
    JsonNode got = JSON.readTree(Http.admin(base).get("/api/channels/" + id).body());
    assertEquals(id, got.get("channel_id").asText());
    assertEquals(1, got.get("category_order").asInt());
  }

  @Test
  void everyChangeRewritesChannelsTxt() throws Exception {
    String id = createChannel("Export Me");
    assertTrue(Files.readString(ItEnvironment.channelsFile()).contains(id + "|Export Me|"));

    Http.admin(base).put("/api/channels/" + id, "{\"name\":\"Pipe|Name\"}");
    String afterUpdate = Files.readString(ItEnvironment.channelsFile());
    assertTrue(afterUpdate.contains(id + "|Pipe%7CName|"), afterUpdate);

    Http.admin(base).delete("/api/channels/" + id);
    assertFalse(Files.readString(ItEnvironment.channelsFile()).contains(id + "|"));
  }

  @Test
  void putChangesOnlyTheFieldsItNames() throws Exception {
    String id = createChannel("Before");
    HttpResponse<String> put =
        Http.admin(base).put("/api/channels/" + id, "{\"quality\":\"high\",\"is_active\":false}");
    assertEquals(200, put.statusCode(), put.body());
    JsonNode got = JSON.readTree(Http.admin(base).get("/api/channels/" + id).body());
    assertEquals("high", got.get("quality").asText());
    assertFalse(got.get("is_active").asBoolean());
    assertEquals("Before", got.get("name").asText());
    assertEquals("Favorite", got.get("category").asText());
  }

  @Test
  void deleteRemovesRecordAndSetMember() {
    String id = createChannel("Gone");
    assertEquals(200, Http.admin(base).delete("/api/channels/" + id).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertNull(redis.get("channel:" + id));
      assertFalse(redis.sismember("channels:all", id));
    }
  }

  @Test
  void duplicateIs409AndMissingIs404() {
    String id = createChannel("Once");
    assertEquals(
        409, Http.admin(base).post("/api/channels", channelJson(id, "Twice")).statusCode());
    for (String method : List.of("GET", "PUT", "DELETE")) {
      int status =
          Http.admin(base)
              .send(method, "/api/channels/missing-" + id, method.equals("PUT") ? "{}" : null)
              .statusCode();
      assertEquals(404, status, method);
    }
  }

  @Test
  void listContainsCreatedChannels() throws Exception {
    String id = createChannel("Listed");
    JsonNode list = JSON.readTree(Http.admin(base).get("/api/channels").body());
    boolean found = false;
    for (JsonNode channel : list.get("channels")) {
      found |= channel.get("channel_id").asText().equals(id);
    }
    assertTrue(found);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/passwd",
        "concat:http://a/1.ts|http://a/2.ts",
        "pipe:0",
        "subfile:,start,0,end,0,:/etc/passwd",
        "ftp://upstream.example/x.ts",
        "http://",
        "http:///no-host",
        "not a url",
        "rtmp://upstream.example/live"
      })
  void sourceUrlOtherThanHttpIsRefused(String url) throws Exception {
    String body =
        channelJson(ItEnvironment.unique("c"), "Bad")
            .replace("http://upstream.example:80/live/u/p/", "X")
            .replaceAll("\"X[^\"]*\"", JSON.writeValueAsString(url));
    HttpResponse<String> response = Http.admin(base).post("/api/channels", body);
    assertEquals(400, response.statusCode(), body);
    assertTrue(response.body().contains("source_url"), response.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"channel_id\":\"has space\",\"name\":\"n\",\"source_url\":\"http://a/b\"}|channel_id",
        "{\"channel_id\":\"ok1\",\"name\":\"line\\nbreak\",\"source_url\":\"http://a/b\"}|name",
        "{\"channel_id\":\"ok1\",\"name\":\"n\",\"source_url\":\"http://a/b\",\"quality\":\"ultra\"}|quality",
        "{\"channel_id\":\"ok1\",\"name\":\"n\",\"source_url\":\"http://a/b\",\"order\":\"1\"}|order",
        "{\"channel_id\":\"ok1\",\"name\":\"n\",\"source_url\":\"http://a/b\",\"is_active\":1}|is_active",
        "{\"channel_id\":\"ok1\",\"source_url\":\"http://a/b\"}|name",
        "{\"channel_id\":\"ok1\",\"name\":\"n\",\"source_url\":\"http://a/b\",\"http_proxy\":\"socks5://p:1\"}|http_proxy",
        "{\"channel_id\":\"ok1\",\"name\":\"n\",\"source_url\":\"http://a/b\",\"user_agent\":\"a\\r\\nX-Evil: 1\"}|user_agent"
      })
  void invalidChannelFieldIs400NamingTheField(String caseLine) throws Exception {
    String[] parts = caseLine.split("\\|");
    HttpResponse<String> response = Http.admin(base).post("/api/channels", parts[0]);
    assertEquals(400, response.statusCode(), parts[0]);
    assertTrue(
        JSON.readTree(response.body()).get("error").asText().contains(parts[1]), response.body());
  }

  @Test
  void channelCallsWithoutAdminTokenAre401() {
    assertEquals(401, Http.anonymous(base).get("/api/channels").statusCode());
    assertEquals(
        401, Http.anonymous(base).post("/api/channels", channelJson("x1", "x")).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("channel:x1"));
    }
  }
}
