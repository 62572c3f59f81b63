package io.iptvorigin.channel;

import static io.iptvorigin.support.TestChannels.aChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestChannels;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** The panel's channel API against the real WildFly and Redis, and the channels.txt export. */
@ExtendWith(ArquillianExtension.class)
class ChannelApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final OriginStack stack = OriginStack.deployed();
  private final AdminApi admin = stack.admin();

  /** A channel with every field set. */
  private static TestChannels.Channel channel(String id, String name) {
    return aChannel()
        .withId(id)
        .named(name)
        .from("http://upstream.example:80/live/u/p/" + id + ".ts")
        .withLogo("images/no_logo.jpg")
        .inCategory("Favorite")
        .withQuality("medium")
        .withOrder(1)
        .withCategoryOrder(1)
        .active(true);
  }

  static String channelJson(String id, String name) {
    return channel(id, name).json();
  }

  private String createChannel(String name) {
    return admin.create(channel(ItEnvironment.unique("c"), name));
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
    JsonNode got = JSON.readTree(admin.get("/api/channels/" + id).body());
    assertEquals(id, got.get("channel_id").asText());
    assertEquals(1, got.get("category_order").asInt());
  }

  @Test
  void everyChangeRewritesChannelsTxt() throws Exception {
    String id = createChannel("Export Me");
    assertTrue(Files.readString(ItEnvironment.channelsFile()).contains(id + "|Export Me|"));

    admin.put("/api/channels/" + id, "{\"name\":\"Pipe|Name\"}");
    String afterUpdate = Files.readString(ItEnvironment.channelsFile());
    assertTrue(afterUpdate.contains(id + "|Pipe%7CName|"), afterUpdate);

    admin.delete("/api/channels/" + id);
    assertFalse(Files.readString(ItEnvironment.channelsFile()).contains(id + "|"));
  }

  @Test
  void putChangesOnlyTheFieldsItNames() throws Exception {
    String id = createChannel("Before");
    HttpResponse<String> put =
        admin.put("/api/channels/" + id, "{\"quality\":\"high\",\"is_active\":false}");
    assertEquals(200, put.statusCode(), put.body());
    JsonNode got = JSON.readTree(admin.get("/api/channels/" + id).body());
    assertEquals("high", got.get("quality").asText());
    assertFalse(got.get("is_active").asBoolean());
    assertEquals("Before", got.get("name").asText());
    assertEquals("Favorite", got.get("category").asText());
  }

  @Test
  void deleteRemovesRecordAndSetMember() {
    String id = createChannel("Gone");
    assertEquals(200, admin.delete("/api/channels/" + id).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertNull(redis.get("channel:" + id));
      assertFalse(redis.sismember("channels:all", id));
    }
  }

  @Test
  void duplicateIs409AndMissingIs404() {
    String id = createChannel("Once");
    assertEquals(409, admin.post("/api/channels", channelJson(id, "Twice")).statusCode());
    for (String method : List.of("GET", "PUT", "DELETE")) {
      int status =
          admin
              .send(method, "/api/channels/missing-" + id, method.equals("PUT") ? "{}" : null)
              .statusCode();
      assertEquals(404, status, method);
    }
  }

  @Test
  void listContainsCreatedChannels() throws Exception {
    String id = createChannel("Listed");
    JsonNode list = JSON.readTree(admin.get("/api/channels").body());
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
    String body = channel(ItEnvironment.unique("c"), "Bad").from(url).json();
    HttpResponse<String> response = admin.post("/api/channels", body);
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
    HttpResponse<String> response = admin.post("/api/channels", parts[0]);
    assertEquals(400, response.statusCode(), parts[0]);
    assertTrue(
        JSON.readTree(response.body()).get("error").asText().contains(parts[1]), response.body());
  }

  /** {@link #channelJson} with {@code remux} set to the raw JSON {@code value}. */
  private static String withRemux(String id, String value) throws Exception {
    ObjectNode body = (ObjectNode) JSON.readTree(channelJson(id, "Remux"));
    body.set("remux", JSON.readTree(value));
    return JSON.writeValueAsString(body);
  }

  @Test
  void remuxIsStoredAndReadBack() throws Exception {
    String id = ItEnvironment.unique("c");
    HttpResponse<String> created = admin.post("/api/channels", withRemux(id, "\"native\""));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("native", JSON.readTree(created.body()).get("remux").asText(), created.body());
    assertEquals(
        "native", JSON.readTree(admin.get("/api/channels/" + id).body()).get("remux").asText());
    try (Jedis redis = ItEnvironment.redis()) {
      assertEquals("native", JSON.readTree(redis.get("channel:" + id)).get("remux").asText());
    }

    HttpResponse<String> put = admin.put("/api/channels/" + id, "{\"name\":\"Renamed\"}");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals(
        "native", JSON.readTree(admin.get("/api/channels/" + id).body()).get("remux").asText());
    assertEquals(200, admin.delete("/api/channels/" + id).statusCode());
  }

  @Test
  void channelWithoutRemuxReadsBackAsAuto() throws Exception {
    String id = createChannel("Default Remux");
    assertEquals(
        "auto", JSON.readTree(admin.get("/api/channels/" + id).body()).get("remux").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"fast\"", "5"})
  void unknownRemuxIs400AndStoresNothing(String value) throws Exception {
    String existing = createChannel("Remux Kept");
    String fresh = ItEnvironment.unique("c");
    String storedBefore;
    long revisionBefore;
    try (Jedis redis = ItEnvironment.redis()) {
      storedBefore = redis.get("channel:" + existing);
      revisionBefore = revision(redis);
    }

    HttpResponse<String> post = admin.post("/api/channels", withRemux(fresh, value));
    HttpResponse<String> put =
        admin.put("/api/channels/" + existing, "{\"name\":\"Changed\",\"remux\":" + value + "}");

    for (HttpResponse<String> response : List.of(post, put)) {
      assertEquals(400, response.statusCode(), response.body());
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          response.headers().toString());
      assertEquals(
          "invalid field 'remux': must be auto, native or ffmpeg",
          JSON.readTree(response.body()).get("error").asText(),
          response.body());
    }
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("channel:" + fresh));
      assertFalse(redis.sismember("channels:all", fresh));
      assertEquals(storedBefore, redis.get("channel:" + existing));
      assertEquals(revisionBefore, revision(redis));
    }
  }

  @Test
  void channelCallsWithoutAdminTokenAre401() {
    assertEquals(401, stack.app().get("/api/channels").statusCode());
    assertEquals(401, stack.app().post("/api/channels", channelJson("x1", "x")).statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("channel:x1"));
    }
  }
}
