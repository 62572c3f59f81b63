package io.iptvorigin.delivery;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.access.InternalCaller;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The big answers nginx sends as files the app rendered (token playlists, {@code get.php}, {@code
 * get_live_streams}, {@code get_live_categories}), through the real nginx, WildFly and Redis: the
 * same bytes as the app's own answer, refusals still the app's, changes visible within the grant's
 * cache period, nothing of a token or password in what nginx keeps on disk.
 */
@ExtendWith(ArquillianExtension.class)
class RenderedAnswersIT {
  @RegisterExtension static final OriginStack stack = OriginStack.deployed().withNginx();

  /** The grant cache period nginx runs with (IPTV_AUTH_CACHE_SECONDS), and some margin. */
  private static final Duration WITHIN = Duration.ofSeconds(12);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final AdminApi admin = stack.admin();

  @BeforeAll
  static void someChannels() {
    for (int i = 0; i < 3; i++) {
      stack.admin().create(aChannel().named("Rendered " + i).inCategory("Rendered"));
    }
  }

  private static byte[] fetch(String url, boolean gzip) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    HttpResponse<byte[]> answer =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, answer.statusCode(), url);
    boolean compressed =
        answer.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
    assertEquals(gzip, compressed, "gzip answer to a client that takes it: " + url);
    return compressed
        ? new GZIPInputStream(new ByteArrayInputStream(answer.body())).readAllBytes()
        : answer.body();
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static List<Path> answerFiles() throws IOException {
    try (var files = Files.list(ItEnvironment.hlsDir().resolve("answers"))) {
      return files.toList();
    }
  }

  private static void eventually(String what, Supplier<Boolean> check) throws InterruptedException {
    Instant deadline = Instant.now().plus(WITHIN);
    while (!check.get()) {
      assertTrue(Instant.now().isBefore(deadline), what + " within " + WITHIN);
      Thread.sleep(250);
    }
  }

  @Test
  void theTokenPlaylistNginxSendsIsTheAppsOwnByteForByteAndGzipped() throws Exception {
    String token = admin.create(aUser()).token();
    String path = "/get_playlist.php?token=" + token;
    // The app's answer for the host nginx passes on: the edge's.
    byte[] apps =
        Curl.from("127.0.0.1")
            .header("Host", URI.create(stack.edge().baseUrl()).getAuthority())
            .get(ItEnvironment.appUrl() + path)
            .body()
            .getBytes(StandardCharsets.UTF_8);
    assertTrue(new String(apps, StandardCharsets.UTF_8).startsWith("#EXTM3U x-tvg-url="));
    assertArrayEquals(apps, fetch(stack.edge().url(path), false));
    assertArrayEquals(apps, fetch(stack.edge().url(path), true));
    assertArrayEquals(apps, fetch(stack.edge().url("/playlist/" + token + ".m3u8"), false));
    assertTrue(
        answerFiles().stream().anyMatch(f -> f.getFileName().toString().startsWith("playlist-")),
        "rendered into " + ItEnvironment.hlsDir().resolve("answers"));

    // A file removed under a grant nginx still caches: the app answers instead.
    for (Path file : answerFiles()) {
      Files.deleteIfExists(file);
    }
    assertArrayEquals(apps, fetch(stack.edge().url(path), false));
  }

  @Test
  void refusalsAreTheAppsAndARevokedTokenIsRefusedWithinTheCachePeriod() throws Exception {
    assertEquals(
        "ERROR: Invalid token",
        Curl.from("127.0.0.1")
            .get(stack.edge().url("/get_playlist.php?token=" + "0".repeat(64)))
            .body()
            .strip());
    assertEquals(401, Curl.from("127.0.0.1").get(stack.edge().url("/get_playlist.php")).status());

    var subscriber = admin.create(aUser());
    String url = stack.edge().url("/get_playlist.php?token=" + subscriber.token());
    assertEquals(200, Curl.from("127.0.0.1").get(url).status());
    admin.put("/api/users/" + subscriber.username(), "{\"is_active\":false}");
    eventually(
        "403 Token disabled",
        () -> {
          Curl.Answer answer = Curl.from("127.0.0.1").get(url);
          return answer.status() == 403 && answer.body().strip().equals("ERROR: Token disabled");
        });
  }

  @Test
  void aNewChannelShowsInTheNginxPlaylistWithinTheCachePeriod() throws Exception {
    String url = stack.edge().url("/get_playlist.php?token=" + admin.create(aUser()).token());
    assertEquals(200, Curl.from("127.0.0.1").get(url).status());
    String name = "Rendered late " + ItEnvironment.unique("c");
    admin.create(aChannel().named(name).inCategory("Rendered"));
    eventually("the new channel", () -> Curl.from("127.0.0.1").get(url).body().contains(name));
  }

  @Test
  void xtreamFilesAreTheSameBytesAsTheAppsAnswerToThePost() throws Exception {
    String username = ItEnvironment.unique("ra");
    String password = "p/ss ?#%& w+" + ItEnvironment.unique("p");
    admin.create(aUser().withUsername(username).withPassword(password));
    String credentials = "username=" + query(username) + "&password=" + query(password);
    for (String call :
        List.of(
            "/player_api.php?" + credentials + "&action=get_live_streams",
            "/player_api.php?" + credentials + "&action=get_live_categories",
            "/panel_api.php?" + credentials + "&action=get_live_streams&category_id=1",
            "/player_api.php?" + credentials + "&action=get_live_streams&category_id=999999",
            "/get.php?" + credentials + "&type=m3u_plus&output=ts")) {
      String url = stack.edge().url(call);
      int mark = url.indexOf('?');
      // A POST form goes to the app: the reference answer.
      Curl.Answer posted =
          Curl.from("127.0.0.1").form(url.substring(mark + 1)).get(url.substring(0, mark));
      assertEquals(200, posted.status(), call);
      assertArrayEquals(posted.body().getBytes(StandardCharsets.UTF_8), fetch(url, false), call);
      assertArrayEquals(posted.body().getBytes(StandardCharsets.UTF_8), fetch(url, true), call);
    }
    assertTrue(
        answerFiles().stream()
            .map(f -> f.getFileName().toString())
            .anyMatch(n -> n.startsWith("xtream-streams-")));

    // A wrong password is the app's refusal, and counted as a failed login.
    Curl.Answer wrong =
        Curl.from("127.0.0.71")
            .get(
                stack
                    .edge()
                    .url(
                        "/player_api.php?username="
                            + query(username)
                            + "&password=nope&action=get_live_streams"));
    assertEquals("{\"user_info\":{\"auth\":0}}", wrong.body());
    try (var redis = ItEnvironment.redis()) {
      assertEquals("1", redis.get("xtream:failures:user:" + username));
    }
  }

  @Test
  void theGrantEndpointsAnswerNobodyButNginx() {
    for (String grant : List.of("/internal/playlist/grant", "/internal/xtream/grant")) {
      assertEquals(404, Curl.from("127.0.0.1").get(stack.edge().url(grant)).status(), grant);
      assertEquals(
          404,
          Curl.from("127.0.0.1")
              .header(AnswerGrantServlet.URI_HEADER, "/get_playlist.php?token=" + "a".repeat(64))
              .header(InternalCaller.HEADER, "guess")
              .get(ItEnvironment.appUrl() + grant)
              .status(),
          grant);
    }
  }

  @Test
  void nothingNginxKeepsOnDiskHoldsAPasswordNorItsGrantsAToken() throws Exception {
    FileTime began = FileTime.from(Instant.now().minusSeconds(1));
    String username = ItEnvironment.unique("rk");
    String password = "secret-" + ItEnvironment.unique("p");
    String token = admin.create(aUser().withUsername(username).withPassword(password)).token();
    String credentials = "username=" + query(username) + "&password=" + query(password);
    fetch(stack.edge().url("/get_playlist.php?token=" + token), false);
    fetch(stack.edge().url("/player_api.php?" + credentials + "&action=get_live_streams"), false);
    fetch(stack.edge().url("/get.php?" + credentials), false);

    Path grants = ItEnvironment.workDir().resolve("nginx").resolve("grant-cache");
    try (var files = Files.walk(ItEnvironment.workDir().resolve("nginx"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.getLastModifiedTime(file).compareTo(began) < 0) {
          continue;
        }
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(password), file + " holds the password");
        // (Viewer authorisations are cached under the token in clear: the hottest path.)
        assertFalse(file.startsWith(grants) && content.contains(token), file + " holds the token");
      }
    }
  }
}
