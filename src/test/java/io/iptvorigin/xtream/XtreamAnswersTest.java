package io.iptvorigin.xtream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iptvorigin.channel.Channel;
import io.iptvorigin.channel.ChannelFixtures;
import io.iptvorigin.common.Json;
import io.iptvorigin.playlist.OutputFormat;
import io.iptvorigin.user.PasswordLogin;
import io.iptvorigin.user.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON types apps parse, field by field: a number where a string is expected crashes some. */
class XtreamAnswersTest {
  private static final String GUIDE = "http://h/xmltv.php?username=u&password=p";

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private static JsonNode read(byte[] json) throws Exception {
    return Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
  }

  @Test
  void loginAnswerHasXcTypes() {
    User user = new User("a+b", "f".repeat(64), null, "2027-01-01T00:00:00Z", 3, true, "pbkdf2$x");
    var outcome =
        new XtreamLogin.Outcome(
            XtreamLogin.Status.OK,
            new PasswordLogin.Account(user, Instant.ofEpochSecond(1700000000)),
            2);
    JsonNode answer =
        AccountAnswer.login(
            outcome, "pw", "hello", ServerInfo.parse("https://tv.example:8443").get(), NOW);
    JsonNode info = answer.get("user_info");
    assertEquals("a+b", info.get("username").textValue());
    assertEquals("pw", info.get("password").textValue());
    assertEquals("hello", info.get("message").textValue());
    assertTrue(info.get("auth").isInt());
    assertEquals(1, info.get("auth").intValue());
    assertEquals("Active", info.get("status").textValue());
    assertEquals("1798761600", info.get("exp_date").textValue());
    assertEquals("0", info.get("is_trial").textValue());
    assertEquals("2", info.get("active_cons").textValue());
    assertEquals("1700000000", info.get("created_at").textValue());
    assertEquals("3", info.get("max_connections").textValue());
    assertEquals("m3u8", info.get("allowed_output_formats").get(0).textValue());
    JsonNode server = answer.get("server_info");
    assertEquals("tv.example", server.get("url").textValue());
    assertEquals("80", server.get("port").textValue());
    assertEquals("8443", server.get("https_port").textValue());
    assertEquals("https", server.get("server_protocol").textValue());
    assertTrue(server.get("rtmp_port").isTextual());
    assertEquals("UTC", server.get("timezone").textValue());
    assertTrue(server.get("timestamp_now").isIntegralNumber());
    assertEquals(NOW.getEpochSecond(), server.get("timestamp_now").longValue());
    assertEquals("2026-12-01 10:00:00", server.get("time_now").textValue());
    assertTrue(server.get("process").booleanValue());
  }

  @Test
  void neverExpiringIsNull() {
    User user = new User("u", "f".repeat(64), null, null, 1, true, "h");
    var outcome =
        new XtreamLogin.Outcome(
            XtreamLogin.Status.OK, new PasswordLogin.Account(user, Instant.EPOCH), 0);
    JsonNode info =
        AccountAnswer.login(outcome, "p", "", ServerInfo.parse("http://h").get(), NOW)
            .get("user_info");
    assertTrue(info.get("exp_date").isNull());
  }

  @Test
  void serverInfoFromBaseUrls() {
    assertEquals(new ServerInfo("http", "h", 80), ServerInfo.parse("http://h").get());
    assertEquals(
        new ServerInfo("http", "[::1]", 8080), ServerInfo.parse("http://[::1]:8080").get());
    assertTrue(ServerInfo.parse("not a url").isEmpty());
  }

  private static Channel channel(String id, String name, String category, boolean active) {
    return ChannelFixtures.channel(id, name, category, 0, 0, active);
  }

  @Test
  void catalogListsActiveChannelsInPlaylistOrderWithXcTypes() throws Exception {
    List<Channel> channels =
        List.of(
            channel("news", "News", "B", true),
            channel("7", "Seven", "A", true),
            channel("off", "Off", "A", false),
            channel("misc", "Misc", null, true));
    var ids =
        new XtreamIds.Assigned(
            Map.of("news", 1000000L, "7", 7L, "misc", 1000001L),
            Map.of("news", 11L, "7", 12L, "misc", 13L),
            Map.of("A", 1L, "B", 2L, "", 3L));
    XtreamCatalog catalog = XtreamCatalog.render(5, channels, ids);
    JsonNode categories = read(catalog.categories());
    assertEquals(3, categories.size());
    assertEquals("3", categories.get(0).get("category_id").textValue());
    assertEquals(XtreamCatalog.UNCATEGORISED, categories.get(0).get("category_name").textValue());
    assertTrue(categories.get(0).get("parent_id").isInt());
    JsonNode streams = read(catalog.streams(null));
    assertEquals(3, streams.size());
    assertEquals("Misc", streams.get(0).get("name").textValue());
    JsonNode seven = streams.get(1);
    assertEquals(2, seven.get("num").intValue());
    assertEquals("live", seven.get("stream_type").textValue());
    assertTrue(seven.get("stream_id").isIntegralNumber());
    assertEquals(7, seven.get("stream_id").intValue());
    assertEquals("images/no_logo.jpg", seven.get("stream_icon").textValue());
    assertEquals("12", seven.get("added").textValue());
    assertEquals("1", seven.get("category_id").textValue());
    assertEquals(1, seven.get("category_ids").get(0).intValue());
    assertEquals(0, seven.get("tv_archive").intValue());
    assertEquals("", seven.get("direct_source").textValue());
    assertEquals(1, read(catalog.streams("2")).size());
    assertEquals(0, read(catalog.streams("99")).size());
    assertEquals("7", catalog.channelOf(7).orElseThrow());
    assertTrue(catalog.channelOf(999).isEmpty());
    String m3u =
        new String(
            catalog.m3u("http://h/live/u/p", GUIDE, OutputFormat.HLS).body(),
            StandardCharsets.UTF_8);
    assertTrue(
        m3u.startsWith("#EXTM3U x-tvg-url=\"" + GUIDE + "\" url-tvg=\"" + GUIDE + "\"\n"), m3u);
    assertTrue(m3u.contains("\nhttp://h/live/u/p/7.m3u8\n"), m3u);
    assertTrue(m3u.contains("\nhttp://h/live/u/p/1000001.m3u8\n"), m3u);
    String ts =
        new String(
            catalog.m3u("http://h/live/u/p", GUIDE, OutputFormat.TS).body(),
            StandardCharsets.UTF_8);
    assertTrue(ts.contains("\nhttp://h/live/u/p/7.ts\n"), ts);
    assertEquals(m3u.replace(".m3u8\n", ".ts\n"), ts);
  }
}
