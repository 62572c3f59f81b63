package io.iptvorigin.xtream;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The Xtream Codes API as apps use it, through the real nginx, WildFly, Redis and FFmpeg. Every
 * request that may fail a login comes from a loopback address of its own (curl {@code
 * --interface}), so the per-address lockout of one test never reaches another.
 */
@ExtendWith(ArquillianExtension.class)
class XtreamIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSED = "{\"user_info\":{\"auth\":0}}";

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();

  private record Account(String username, String password, String token) {}

  private Account account(String username, String password) {
    String token =
        admin
            .create(
                aUser()
                    .withUsername(username)
                    .withPassword(password)
                    .expiringIn(Duration.ofDays(30)))
            .token();
    return new Account(username, password, token);
  }

  private Account account() {
    return account(ItEnvironment.unique("xc"), "pw-" + ItEnvironment.unique("p"));
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Percent-encoding for one path segment: a space is %20 and a '+' is %2B. */
  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String credentials(Account a) {
    return "username=" + query(a.username()) + "&password=" + query(a.password());
  }

  private static Curl.Answer api(String from, String query) {
    return Curl.from(from).get(stack.edge().url("/player_api.php?" + query));
  }

  private static JsonNode json(Curl.Answer answer) throws Exception {
    assertEquals(200, answer.status(), answer.body());
    return JSON.readTree(answer.body());
  }

  private static JsonNode apiJson(Account a, String action) throws Exception {
    return json(api("127.0.0.1", credentials(a) + (action == null ? "" : "&action=" + action)));
  }

  private static String xcStreamPath(Account a, long streamId, String extension) {
    return "/live/"
        + segment(a.username())
        + "/"
        + segment(a.password())
        + "/"
        + streamId
        + extension;
  }

  private static long streamIdOf(Account a, String channel) throws Exception {
    for (JsonNode s : apiJson(a, "get_live_streams")) {
      if (s.get("name").textValue().equals("XC " + channel)) {
        return s.get("stream_id").longValue();
      }
    }
    throw new AssertionError("no stream for " + channel);
  }

  @Test
  void loginAnswersWithTheFieldsAndJsonTypesXcAppsParse() throws Exception {
    Account a = account();
    JsonNode answer = apiJson(a, null);
    JsonNode info = answer.get("user_info");
    assertEquals(a.username(), info.get("username").textValue());
    assertEquals(a.password(), info.get("password").textValue());
    assertTrue(info.get("message").isTextual());
    assertTrue(info.get("auth").isInt());
    assertEquals(1, info.get("auth").intValue());
    assertEquals("Active", info.get("status").textValue());
    assertTrue(info.get("exp_date").isTextual());
    assertTrue(info.get("exp_date").textValue().matches("[0-9]{10}"));
    assertEquals("0", info.get("is_trial").textValue());
    assertEquals("0", info.get("active_cons").textValue());
    assertTrue(info.get("created_at").textValue().matches("[0-9]{10}"));
    assertEquals("1", info.get("max_connections").textValue());
    assertEquals("m3u8", info.get("allowed_output_formats").get(0).textValue());
    assertEquals("ts", info.get("allowed_output_formats").get(1).textValue());
    JsonNode server = answer.get("server_info");
    assertEquals("127.0.0.1", server.get("url").textValue());
    String port = stack.edge().baseUrl().replaceAll(".*:", "");
    assertEquals(port, server.get("port").textValue());
    assertEquals("443", server.get("https_port").textValue());
    assertEquals("http", server.get("server_protocol").textValue());
    assertTrue(server.get("rtmp_port").isTextual());
    assertEquals("UTC", server.get("timezone").textValue());
    assertTrue(server.get("timestamp_now").isIntegralNumber());
    long now = Instant.now().getEpochSecond();
    assertTrue(Math.abs(server.get("timestamp_now").longValue() - now) < 30);
    assertTrue(
        server.get("time_now").textValue().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    assertTrue(server.get("process").booleanValue());
  }

  @Test
  void postWithAFormBodyAnswersAsGet() throws Exception {
    Account a = account();
    admin.create(aChannel().named("XC post").inCategory(ItEnvironment.unique("cat")));
    String get = api("127.0.0.1", credentials(a) + "&action=get_live_categories").body();
    Curl.Answer post =
        Curl.from("127.0.0.1")
            .form(credentials(a) + "&action=get_live_categories")
            .get(stack.edge().url("/player_api.php"));
    assertEquals(200, post.status(), post.body());
    assertEquals(get, post.body());
    Curl.Answer login =
        Curl.from("127.0.0.1").form(credentials(a)).get(stack.edge().url("/panel_api.php"));
    assertEquals(1, json(login).get("user_info").get("auth").intValue());
  }

  @Test
  void unknownActionsAndNoActionAnswerTheProfile() throws Exception {
    Account a = account();
    for (String action : List.of("", "get_account_info", "definitely_not_an_action")) {
      JsonNode answer = json(api("127.0.0.1", credentials(a) + "&action=" + action));
      assertEquals(1, answer.get("user_info").get("auth").intValue(), action);
      assertNotNull(answer.get("server_info"), action);
    }
  }

  @Test
  void vodSeriesAndGuideActionsAnswerEmptyLists() throws Exception {
    Account a = account();
    for (String action :
        List.of("get_vod_categories", "get_vod_streams", "get_series_categories", "get_series")) {
      assertEquals("[]", api("127.0.0.1", credentials(a) + "&action=" + action).body(), action);
    }
    for (String action :
        List.of("get_short_epg&stream_id=1", "get_simple_data_table&stream_id=1")) {
      JsonNode answer = apiJson(a, action);
      assertTrue(answer.get("epg_listings").isArray(), action);
      assertEquals(0, answer.get("epg_listings").size(), action);
    }
  }

  @Test
  void categoriesStreamsAndGetPhpMatchTheTokenPlaylist() throws Exception {
    Account a = account();
    String news = ItEnvironment.unique("News");
    String sport = ItEnvironment.unique("Sport");
    String numeric =
        Integer.toString(800_000_000 + ThreadLocalRandom.current().nextInt(100_000_000));
    List<String> ids = new ArrayList<>();
    ids.add(admin.create(aChannel().named("XC b").inCategory(news).withCategoryOrder(-50)));
    ids.add(admin.create(aChannel().named("XC a").inCategory(news).withCategoryOrder(-50)));
    ids.add(
        admin.create(
            aChannel().withId(numeric).named("XC c").inCategory(sport).withCategoryOrder(-49)));

    // The token playlist's entries of these channels, in its order.
    String m3u = stack.edge().http().get("/get_playlist.php?token=" + a.token()).body();
    List<String> extinfs = entriesOf(m3u, ids);
    assertEquals(3, extinfs.size(), m3u);

    JsonNode categories = apiJson(a, "get_live_categories");
    Map<String, String> categoryIds = new java.util.HashMap<>();
    for (JsonNode c : categories) {
      assertTrue(c.get("category_id").isTextual());
      assertTrue(c.get("parent_id").isInt());
      categoryIds.put(c.get("category_name").textValue(), c.get("category_id").textValue());
    }
    assertTrue(
        categoryIds.containsKey(news) && categoryIds.containsKey(sport), categories.toString());

    JsonNode streams = apiJson(a, "get_live_streams");
    List<JsonNode> ours = new ArrayList<>();
    int lastNum = 0;
    for (JsonNode s : streams) {
      assertTrue(s.get("num").intValue() > lastNum, "num ascends");
      lastNum = s.get("num").intValue();
      if (s.get("name").textValue().startsWith("XC ")
          && (s.get("category_id").textValue().equals(categoryIds.get(news))
              || s.get("category_id").textValue().equals(categoryIds.get(sport)))) {
        ours.add(s);
      }
    }
    assertEquals(
        List.of("XC a", "XC b", "XC c"),
        ours.stream().map(s -> s.get("name").textValue()).toList(),
        "ordered as the M3U");
    for (int i = 0; i < 3; i++) {
      JsonNode s = ours.get(i);
      String extinf = extinfs.get(i);
      assertTrue(extinf.contains("tvg-name=\"" + s.get("name").textValue() + "\""), extinf);
      String group = s.get("category_id").textValue().equals(categoryIds.get(news)) ? news : sport;
      assertTrue(extinf.contains("group-title=\"" + group + "\""), extinf);
      assertEquals("live", s.get("stream_type").textValue());
      assertTrue(s.get("stream_id").isIntegralNumber());
      assertTrue(s.get("added").isTextual());
      assertEquals(s.get("category_id").textValue(), s.get("category_ids").get(0).asText());
      assertTrue(s.get("tv_archive").isInt());
      assertEquals("", s.get("direct_source").textValue());
      assertTrue(s.get("tv_archive_duration").isInt());
      assertTrue(s.get("custom_sid").isTextual());
      assertTrue(s.get("stream_icon").isTextual());
    }
    // A numeric channel id is its stream id; the others get one from 1000000 up, kept.
    assertEquals(Long.parseLong(numeric), ours.get(2).get("stream_id").longValue());
    assertTrue(ours.get(0).get("stream_id").longValue() >= 1_000_000);
    assertEquals(ours.get(0).get("stream_id").longValue(), streamIdOf(a, "a"));

    JsonNode sports = apiJson(a, "get_live_streams&category_id=" + categoryIds.get(sport));
    assertEquals(1, sports.size());
    assertEquals("XC c", sports.get(0).get("name").textValue());
    assertEquals(0, apiJson(a, "get_live_streams&category_id=999999999").size());

    // get.php: the same entries, with XC stream URLs.
    HttpResponse<String> getPhp =
        stack.edge().http().get("/get.php?" + credentials(a) + "&type=m3u_plus&output=m3u8");
    assertEquals(200, getPhp.statusCode());
    assertEquals("no-store", getPhp.headers().firstValue("Cache-Control").orElse(""));
    List<String> xcEntries = entriesOf(getPhp.body(), ids);
    for (int i = 0; i < 3; i++) {
      String[] token = extinfs.get(i).split("\n");
      String[] xc = xcEntries.get(i).split("\n");
      assertEquals(token[0], xc[0], "same #EXTINF line");
      assertEquals(
          stack.edge().url(xcStreamPath(a, ours.get(i).get("stream_id").longValue(), ".m3u8")),
          xc[1]);
    }
    // output=ts lists the continuous TS of the same streams.
    assertEquals(
        getPhp.body().replace(".m3u8\n", ".ts\n"),
        stack.edge().http().get("/get.php?" + credentials(a) + "&type=m3u&output=ts").body());
    assertEquals(
        getPhp.body().replace(".m3u8\n", ".ts\n"),
        stack.edge().http().get("/get.php?" + credentials(a) + "&output=mpegts").body());
    assertEquals(
        400, stack.edge().http().get("/get.php?" + credentials(a) + "&output=rtmp").statusCode());
  }

  /** The #EXTINF line and URL of each channel of {@code ids}, in playlist order. */
  private static List<String> entriesOf(String m3u, List<String> ids) {
    List<String> lines = m3u.lines().toList();
    List<String> entries = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String line = lines.get(i);
      for (String id : ids) {
        if (line.startsWith("#EXTINF") && line.contains("tvg-id=\"" + id + "\"")) {
          entries.add(line + "\n" + lines.get(i + 1));
        }
      }
    }
    return entries;
  }

  @Test
  void refusedLoginsLookAlikeWhateverTheReason() throws Exception {
    String from = "127.0.0.61";
    Account a = account();
    Account disabled = account();
    admin.put("/api/users/" + disabled.username(), "{\"is_active\":false}");
    Account expired = account();
    admin.put(
        "/api/users/" + expired.username(),
        "{\"expires_at\":\"" + Instant.now().minusSeconds(60) + "\"}");
    List<String> queries =
        List.of(
            "username=" + query(a.username()) + "&password=wrong",
            "username=nobody-" + ItEnvironment.unique("x") + "&password=" + query(a.password()),
            credentials(disabled),
            credentials(expired),
            "username=" + query(a.username()),
            "username=%00%0a&password=x",
            "username=" + "u".repeat(5000) + "&password=x");
    for (String q : queries) {
      Curl.Answer answer = api(from, q);
      assertEquals(200, answer.status(), q);
      assertEquals(REFUSED, answer.body(), q);
    }
    Curl.Answer getPhp = Curl.from(from).get(stack.edge().url("/get.php?" + credentials(disabled)));
    assertEquals(401, getPhp.status());
  }

  @Test
  void tenFailuresLockTheUsernameAndTheAddressOut() throws Exception {
    Account victim = account();
    Account other = account();
    for (int i = 0; i < 10; i++) {
      assertEquals(
          REFUSED,
          api("127.0.0.62", "username=" + query(victim.username()) + "&password=guess" + i).body());
    }
    Curl.Answer locked = api("127.0.0.62", credentials(victim));
    assertEquals(429, locked.status(), "even the right password: " + locked.body());
    assertTrue(locked.body().contains("\"error\""), locked.body());
    assertEquals(
        429, api("127.0.0.63", credentials(victim)).status(), "the username, from anywhere");
    assertEquals(429, api("127.0.0.62", credentials(other)).status(), "the address, for anyone");
    assertEquals(
        429,
        Curl.from("127.0.0.63").get(stack.edge().url(xcStreamPath(victim, 1, ".m3u8"))).status());

    // A correct login clears the counts: nine failures, a success, nine more are still no lockout.
    Account careless = account();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 9; i++) {
        api("127.0.0.64", "username=" + query(careless.username()) + "&password=typo" + i);
      }
      assertEquals(
          1,
          json(api("127.0.0.64", credentials(careless))).get("user_info").get("auth").intValue());
    }
  }

  @Test
  void everyXcStreamUrlFormRedirectsToTheTokenFormAndPlays() throws Exception {
    java.nio.file.attribute.FileTime began =
        java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(1));
    // Characters that need encoding, end to end: '@', '.', '+' in the name; '/ ? # % &' and a
    // space in the password.
    Account a = account("j.o+e@" + ItEnvironment.unique("x") + ".tv", "p/ss ?#%& w");
    String channel = admin.create(aLiveChannel(stack.upstream()).named("XC live"));
    long streamId = streamIdOf(a, "live");
    String tokenPath = "/live/" + a.token() + "/stream_" + channel + ".m3u8";
    String tsPath = "/live/" + a.token() + "/stream_" + channel + ".ts";
    String u = segment(a.username());
    String p = segment(a.password());
    for (String path :
        List.of(
            "/live/" + u + "/" + p + "/" + streamId + ".m3u8",
            "/live/" + u + "/" + p + "/" + streamId + ".ts",
            "/live/" + u + "/" + p + "/" + streamId,
            "/" + u + "/" + p + "/" + streamId,
            "/" + u + "/" + p + "/" + streamId + ".ts",
            "/" + u + "/" + p + "/" + streamId + ".m3u8")) {
      HttpResponse<String> answer = stack.edge().http().get(path);
      assertEquals(302, answer.statusCode(), path);
      // HLS for .m3u8; XC's TS (.ts or no extension) is the channel's continuous TS.
      assertEquals(
          path.endsWith(".m3u8") ? tokenPath : tsPath,
          answer.headers().firstValue("Location").orElse(""),
          path);
      assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""), path);
    }
    assertEquals(
        404, stack.edge().http().get("/live/" + u + "/" + p + "/999999999.m3u8").statusCode());
    assertEquals(
        403,
        Curl.from("127.0.0.65")
            .get(stack.edge().url("/live/" + u + "/nope/" + streamId + ".m3u8"))
            .status());

    String xcUrl = stack.edge().url("/live/" + u + "/" + p + "/" + streamId + ".m3u8");
    MediaTools.Result probe = MediaTools.probe(xcUrl, "stream=codec_type");
    assertEquals(0, probe.exit(), probe.output());
    assertTrue(
        probe.output().contains("video") && probe.output().contains("audio"), probe.output());

    MediaTools.Result read =
        MediaTools.read(stack.edge().url("/" + u + "/" + p + "/" + streamId + ".m3u8"), 6);
    assertEquals(0, read.exit(), read.output());
    assertEquals("", read.output().strip(), "ffmpeg -v error prints nothing");

    // Nothing nginx keeps on disk (caches, temp files, logs) holds the password.
    try (var files = Files.walk(ItEnvironment.workDir().resolve("nginx"))) {
      // (Files of earlier runs in the same work directory are not this test's.)
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.getLastModifiedTime(file).compareTo(began) < 0) {
          continue;
        }
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(p) || content.contains(a.password()), file.toString());
      }
    }

    // The session it opened is what active_cons counts.
    assertEquals("1", apiJson(a, null).get("user_info").get("active_cons").textValue());
  }

  @Test
  void disablingTheUserStopsAnXcViewerWithin10Seconds() throws Exception {
    Account a = account();
    String channel = admin.create(aLiveChannel(stack.upstream()).named("XC revoke"));
    long streamId = streamIdOf(a, "revoke");
    HttpResponse<String> redirect = stack.edge().http().get(xcStreamPath(a, streamId, ".m3u8"));
    assertEquals(302, redirect.statusCode());
    String playlist = stack.edge().url(redirect.headers().firstValue("Location").orElseThrow());
    Http edge = stack.edge().http();
    assertEquals(200, Curl.from("127.0.0.1").get(playlist).status());
    Instant revoked = Instant.now();
    admin.put("/api/users/" + a.username(), "{\"is_active\":false}");
    Instant refused = null;
    while (Instant.now().isBefore(revoked.plusSeconds(15))) {
      if (Curl.from("127.0.0.1").get(playlist).status() == 403) {
        refused = Instant.now();
        break;
      }
      Thread.sleep(500);
    }
    assertNotNull(refused, "refused after the user was disabled");
    assertTrue(
        Duration.between(revoked, refused).toSeconds() <= 10,
        Duration.between(revoked, refused).toString());
    assertEquals(403, edge.get(xcStreamPath(a, streamId, ".m3u8")).statusCode());
  }

  @Test
  void theInternalStreamEndpointIsNotReachable() {
    assertEquals(404, stack.edge().http().get("/internal/xtream-stream").statusCode());
    assertEquals(
        404,
        Curl.from("127.0.0.1")
            .header("X-Xtream-Path", "/live/a/b/1.m3u8")
            .get(ItEnvironment.appUrl() + "/internal/xtream/stream")
            .status());
  }

  @Test
  void aUserFromBeforeVerifiersLogsInOnceSlowlyThenFastAndNoClearPasswordIsKept() throws Exception {
    Account a = account();
    try (Jedis redis = ItEnvironment.redis()) {
      String verifier = redis.get("password_verifier:" + a.username());
      assertNotNull(verifier, "written when the panel sent the password");
      redis.del("password_verifier:" + a.username());
      assertEquals(1, apiJson(a, null).get("user_info").get("auth").intValue());
      String rewritten = redis.get("password_verifier:" + a.username());
      assertNotNull(rewritten, "written at the first login");
      for (String key : List.of("user:" + a.username(), "password_verifier:" + a.username())) {
        assertFalse(redis.get(key).contains(a.password()), key);
      }
    }
    Path log =
        Path.of(ItEnvironment.property("it.wildfly.home"), "standalone", "log", "server.log");
    if (Files.exists(log)) {
      assertFalse(Files.readString(log).contains(a.password()), "no password in server.log");
    }
  }
}
