package io.iptvorigin.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.Deployments;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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

/** Subscriber playlists served by the real WildFly from the real Redis. */
@ExtendWith(ArquillianExtension.class)
class PlaylistIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.productionWar();
  }

  private String subscriber(boolean active, Instant expires) {
    String token = ItEnvironment.newToken();
    String body =
        """
        {"username":"%s","token":"%s","expires_at":"%s","max_connections":1,"is_active":%s}"""
            .formatted(ItEnvironment.unique("p"), token, expires, active);
    assertEquals(201, Http.admin(base).post("/api/users", body).statusCode());
    return token;
  }

  private String subscriber() {
    return subscriber(true, Instant.now().plus(1, ChronoUnit.DAYS));
  }

  private void channel(
      String id, String name, String category, int categoryOrder, int order, boolean active) {
    String body =
        """
        {"channel_id":"%s","name":%s,"source_url":"http://up.example/%s.ts","logo":"images/%s.png",
         "category":%s,"order":%d,"category_order":%d,"is_active":%s}"""
            .formatted(id, quote(name), id, id, quote(category), order, categoryOrder, active);
    HttpResponse<String> created = Http.admin(base).post("/api/channels", body);
    assertEquals(201, created.statusCode(), created.body());
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private HttpResponse<String> playlist(String token) {
    return Http.anonymous(base)
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
    assertTrue(response.body().startsWith("#EXTM3U\n"));
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
  void bothPlaylistUrlsServeTheSameBody() {
    channel(ItEnvironment.unique("same"), "Same", "X", 0, 0, true);
    String token = subscriber();
    HttpResponse<String> legacy = playlist(token);
    HttpResponse<String> pathForm = Http.anonymous(base).get("/playlist/" + token + ".m3u8");
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
    Http.admin(base).put("/api/channels/" + id, "{\"name\":\"New Name\"}");
    String body = playlist(token).body();
    assertTrue(body.contains(",New Name\n"));
    assertFalse(body.contains(",Old Name\n"));
    Http.admin(base).put("/api/channels/" + id, "{\"is_active\":false}");
    assertFalse(playlist(token).body().contains("/stream_" + id + ".m3u8"));
  }

  @Test
  void disabledTokenIs403TokenDisabled() {
    HttpResponse<String> response =
        playlist(subscriber(false, Instant.now().plus(1, ChronoUnit.DAYS)));
    assertEquals(403, response.statusCode());
    assertEquals("ERROR: Token disabled", response.body().strip());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
  }

  @Test
  void expiredTokenIs403TokenExpired() {
    String token = ItEnvironment.newToken();
    try (Jedis redis = ItEnvironment.redis()) {
      // The key outlives expires_at by a moment around expiry; the check must not trust the TTL
      // alone.
      redis.setex(
          "token:" + token,
          60,
          "{\"username\":\"late\",\"expires_at\":\""
              + Instant.now().minusSeconds(1)
              + "\",\"max_connections\":1,\"is_active\":true}");
    }
    HttpResponse<String> response = playlist(token);
    assertEquals(403, response.statusCode());
    assertEquals("ERROR: Token expired", response.body().strip());
  }

  @Test
  void unknownOrMissingTokenIs401() {
    assertEquals(401, playlist(ItEnvironment.newToken()).statusCode());
    assertEquals(401, Http.anonymous(base).get("/get_playlist.php").statusCode());
    assertEquals(401, Http.anonymous(base).get("/playlist/").statusCode());
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
    String token = ItEnvironment.newToken();
    String username = ItEnvironment.unique("del");
    Http.admin(base)
        .post("/api/users", "{\"username\":\"" + username + "\",\"token\":\"" + token + "\"}");
    assertEquals(200, playlist(token).statusCode());
    Http.admin(base).delete("/api/users/" + username);
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
