package io.iptvorigin.playlist;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestUsers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** Subscriber playlists served by the real WildFly from the real Redis. */
@ExtendWith(ArquillianExtension.class)
class PlaylistIT {
  @RegisterExtension static final OriginStack stack = OriginStack.deployed();
  private final AdminApi admin = stack.admin();

  private String subscriber(boolean active, Duration expiresIn) {
    return admin.create(aUser().expiringIn(expiresIn).withMaxConnections(1).active(active)).token();
  }

  private String subscriber() {
    return subscriber(true, Duration.ofDays(1));
  }

  private void channel(
      String id, String name, String category, int categoryOrder, int order, boolean active) {
    admin.create(
        aChannel()
            .withId(id)
            .named(name)
            .withLogo("images/" + id + ".png")
            .inCategory(category)
            .withOrder(order)
            .withCategoryOrder(categoryOrder)
            .active(active));
  }

  private HttpResponse<String> playlist(String token) {
    return stack
        .app()
        .get("/get_playlist.php?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  private static List<String> linesMentioning(String body, String marker) {
    return Arrays.stream(body.split("\n")).filter(l -> l.contains(marker)).toList();
  }

  @Test
  void playlistListsActiveChannelsSortedWithTokenInEveryUrl() {
    String tag = ItEnvironment.unique("s");
    channel(tag + "-b", "Bravo", "News", 2, 1, true);
    channel(tag + "-a", "Alpha", "News", 2, 2, true);
    channel(tag + "-c", "Charlie", "Movies", 1, 5, true);
    channel(tag + "-d", "Delta", "Movies", 1, 5, false);
    String token = subscriber();

    HttpResponse<String> response = playlist(token);

    assertEquals(200, response.statusCode());
    assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("audio/x-mpegurl"));
    // The header names the subscriber's guide (x-tvg-url, and url-tvg for older players).
    String guide = "/epg.xml?token=" + token;
    assertTrue(
        response
            .body()
            .lines()
            .findFirst()
            .orElse("")
            .matches(
                "#EXTM3U x-tvg-url=\"http://[^\"]+"
                    + java.util.regex.Pattern.quote(guide)
                    + "\" url-tvg=\"http://[^\"]+"
                    + java.util.regex.Pattern.quote(guide)
                    + "\""),
        response.body().lines().findFirst().orElse(""));
    List<String> urls = linesMentioning(response.body(), "/stream_" + tag);
    assertEquals(
        List.of(tag + "-c", tag + "-b", tag + "-a"),
        urls.stream().map(u -> u.replaceAll(".*/stream_(.*)\\.m3u8", "$1")).toList(),
        "category_order, category, order; inactive left out");
    for (String url : urls) {
      assertTrue(url.startsWith("http://"), url);
      assertTrue(url.contains("/live/" + token + "/stream_"), url);
    }
    List<String> extinf = linesMentioning(response.body(), "tvg-id=\"" + tag + "-c\"");
    assertEquals(
        List.of(
            "#EXTINF:-1 tvg-id=\""
                + tag
                + "-c\" tvg-name=\"Charlie\" tvg-logo=\"images/"
                + tag
                + "-c.png\" group-title=\"Movies\",Charlie"),
        extinf);
  }

  @Test
  void outputTsListsTheContinuousTsOfTheSameChannels() {
    String id = ItEnvironment.unique("tsout");
    channel(id, "Ts out", "X", 0, 0, true);
    String token = subscriber();
    String hls = playlist(token).body();
    for (String output : List.of("ts", "mpegts")) {
      HttpResponse<String> ts =
          stack.app().get("/get_playlist.php?token=" + token + "&output=" + output);
      assertEquals(200, ts.statusCode());
      assertEquals(hls.replace(".m3u8\n", ".ts\n"), ts.body());
      assertTrue(ts.body().contains("/live/" + token + "/stream_" + id + ".ts\n"), ts.body());
    }
    assertEquals(hls, stack.app().get("/get_playlist.php?token=" + token + "&output=hls").body());
    HttpResponse<String> unknown =
        stack.app().get("/get_playlist.php?token=" + token + "&output=rtmp");
    assertEquals(400, unknown.statusCode());
    assertEquals("ERROR: output must be m3u8, hls, ts or mpegts", unknown.body().strip());
  }

  @Test
  void bothPlaylistUrlsServeTheSameBody() {
    channel(ItEnvironment.unique("same"), "Same", "X", 0, 0, true);
    String token = subscriber();
    HttpResponse<String> legacy = playlist(token);
    HttpResponse<String> pathForm = stack.app().get("/playlist/" + token + ".m3u8");
    assertEquals(200, pathForm.statusCode());
    assertEquals(legacy.body(), pathForm.body());
  }

  @Test
  void quoteAndCommaInANameCannotBreakTheEntry() {
    String id = ItEnvironment.unique("q");
    channel(id, "News, \"Live\" tvg-id=\"evil\"", "A\"B", 0, 0, true);
    String body = playlist(subscriber()).body();
    List<String> extinf = linesMentioning(body, "tvg-id=\"" + id + "\"");
    assertEquals(1, extinf.size());
    String attributes = extinf.get(0).substring(0, extinf.get(0).indexOf("\",") + 1);
    assertEquals(
        8,
        attributes.chars().filter(c -> c == '"').count(),
        "exactly 4 quoted attributes: " + attributes);
    assertFalse(attributes.contains("tvg-id=\"evil\""));
    assertTrue(extinf.get(0).endsWith(",News, \"Live\" tvg-id=\"evil\""), extinf.get(0));
  }

  @Test
  void channelChangeShowsUpInTheNextPlaylist() {
    String id = ItEnvironment.unique("r");
    channel(id, "Old Name", "X", 0, 0, true);
    String token = subscriber();
    assertTrue(playlist(token).body().contains(",Old Name\n"));
    admin.put("/api/channels/" + id, "{\"name\":\"New Name\"}");
    String body = playlist(token).body();
    assertTrue(body.contains(",New Name\n"));
    assertFalse(body.contains(",Old Name\n"));
    admin.put("/api/channels/" + id, "{\"is_active\":false}");
    assertFalse(playlist(token).body().contains("/stream_" + id + ".m3u8"));
  }

  @Test
  void disabledTokenIs403TokenDisabled() {
    HttpResponse<String> response = playlist(subscriber(false, Duration.ofDays(1)));
    assertEquals(403, response.statusCode());
    assertEquals("ERROR: Token disabled", response.body().strip());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
  }

  @Test
  void expiredTokenIs403TokenExpired() {
    // The key outlives expires_at by a moment around expiry; the check must not trust the TTL
    // alone.
    String token = TestUsers.expiredGrant(Duration.ofSeconds(1), 1);
    HttpResponse<String> response = playlist(token);
    assertEquals(403, response.statusCode());
    assertEquals("ERROR: Token expired", response.body().strip());
  }

  @Test
  void unknownOrMissingTokenIs401() {
    assertEquals(401, playlist(ItEnvironment.newToken()).statusCode());
    assertEquals(401, stack.app().get("/get_playlist.php").statusCode());
    assertEquals(401, stack.app().get("/playlist/").statusCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "' OR 1=1 --",
        "%00",
        "../../etc/passwd",
        "ÄÖÜ",
        "x",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      })
  void garbageTokenIsAPlainRefusalNever500(String token) {
    HttpResponse<String> response = playlist(token);
    assertTrue(
        response.statusCode() == 400 || response.statusCode() == 401,
        "status " + response.statusCode());
    assertTrue(response.body().startsWith("ERROR:"), response.body());
  }

  @Test
  void veryLongTokenIsRefused() {
    HttpResponse<String> response = playlist("a".repeat(5000));
    assertTrue(
        response.statusCode() == 400
            || response.statusCode() == 401
            || response.statusCode() == 414);
  }

  @Test
  void deletedUsersTokenStopsWorkingAtOnce() {
    TestUsers.Subscriber user = admin.create(aUser());
    String token = user.token();
    assertEquals(200, playlist(token).statusCode());
    admin.delete("/api/users/" + user.username());
    assertEquals(401, playlist(token).statusCode());
  }

  @Test
  void warmPlaylistCostsOneRedisRoundTripWhateverTheChannelCount() {
    String tag = ItEnvironment.unique("many");
    for (int i = 0; i < 60; i++) {
      channel(tag + "-" + i, "Channel " + i, "Bulk", 9, i, true);
    }
    String token = subscriber();
    playlist(token); // warms the cache for this revision
    try (Jedis redis = ItEnvironment.redis()) {
      long before = commandsProcessed(redis);
      HttpResponse<String> response = playlist(token);
      long after = commandsProcessed(redis);
      assertEquals(200, response.statusCode());
      // The INFO call itself counts once; the playlist is GET token + GET revision, pipelined.
      assertTrue(
          after - before - 1 <= 3, "Redis commands for one playlist: " + (after - before - 1));
    }
  }

  private static long commandsProcessed(Jedis redis) {
    for (String line : redis.info("stats").split("\r\n")) {
      if (line.startsWith("total_commands_processed:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    throw new IllegalStateException("no total_commands_processed in INFO");
  }
}
