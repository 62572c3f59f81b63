package io.iptvorigin.access;

import static io.iptvorigin.support.TestChannels.aChannel;
import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.Http;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.LiveUpstream;
import io.iptvorigin.support.OriginStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The holes and weak points of the attack report that are not URL tricks: disabled and deleted
 * channels keep playing, one token for two users, three channels on one connection, unbounded cold
 * starts, tokens and upstream passwords in logs, the wrong status over the rate limit, duplicate
 * JSON keys, lone surrogates and script URLs as logos. All through the real nginx.
 */
@ExtendWith(ArquillianExtension.class)
class AccessHardeningIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();

  private String channel(String source) {
    return admin.create(aChannel().from(source));
  }

  private String liveChannel() {
    return admin.create(aLiveChannel(stack.upstream()));
  }

  private String subscriber(int maxConnections) {
    return admin.create(aUser().withMaxConnections(maxConnections)).token();
  }

  private static String playlist(String token, String channel) {
    return stack.edge().hlsUrl(token, channel);
  }

  /** Whether the channel's run is still there: listed by the API or pulling its upstream. */
  private boolean runs(String channel) {
    return admin.running(channel)
        || stack.upstream().activeConnections("/live/" + channel + ".ts") > 0;
  }

  /** The run stops, whichever engine ran it, and the channel's URLs are refused. */
  private void assertStopsWithin(Duration limit, String token, String channel) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (runs(channel) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertFalse(runs(channel), "run stopped within " + limit);
    // Even while nginx still holds a cached "allowed" for this viewer: the playlist is gone from
    // disk and the start endpoint refuses the channel.
    Curl.Answer answer = Curl.from("127.0.0.1").get(playlist(token, channel));
    assertEquals(404, answer.status(), answer.body());
  }

  @Test
  void disablingAChannelStopsItAndRefusesItsUrls() throws Exception {
    String token = subscriber(2);
    String id = liveChannel();
    assertEquals(200, Curl.from("127.0.0.1").get(playlist(token, id)).status());
    assertTrue(runs(id), "running before");
    assertEquals(200, admin.put("/api/channels/" + id, "{\"is_active\":false}").statusCode());
    assertStopsWithin(Duration.ofSeconds(5), token, id);
  }

  @Test
  void deletingAChannelStopsItRefusesItsUrlsAndRemovesItsLog() throws Exception {
    String token = subscriber(2);
    String id = liveChannel();
    assertEquals(200, Curl.from("127.0.0.1").get(playlist(token, id)).status());
    assertTrue(runs(id), "running before");
    Path log = ItEnvironment.workDir().resolve("ffmpeg-logs").resolve("stream_" + id + ".log");
    assertTrue(Files.exists(log));
    assertEquals(200, admin.delete("/api/channels/" + id).statusCode());
    assertStopsWithin(Duration.ofSeconds(5), token, id);
    assertFalse(Files.exists(log), "a deleted channel's log goes with it");
  }

  @Test
  void aChannelDisabledStraightInRedisStopsOnEveryNodeBySweep() throws Exception {
    String token = subscriber(2);
    String id = liveChannel();
    assertEquals(200, Curl.from("127.0.0.1").get(playlist(token, id)).status());
    assertTrue(runs(id), "running before");
    try (Jedis redis = ItEnvironment.redis()) {
      String json = redis.get("channel:" + id);
      redis.set("channel:" + id, json.replace("\"is_active\":true", "\"is_active\":false"));
    }
    assertStopsWithin(Duration.ofSeconds(5), token, id);
  }

  @Test
  void aTokenStaysWithItsUserAfterItsKeyExpired() throws Exception {
    String token = ItEnvironment.newToken();
    String a = ItEnvironment.unique("tok");
    String b = ItEnvironment.unique("tok");
    Http api = stack.edge().http().withAdminToken();
    String soon = Instant.now().plusSeconds(2).toString();
    assertEquals(
        201,
        api.post(
                "/api/users",
                "{\"username\":\""
                    + a
                    + "\",\"token\":\""
                    + token
                    + "\",\"expires_at\":\""
                    + soon
                    + "\"}")
            .statusCode());
    Thread.sleep(3000);
    try (Jedis redis = ItEnvironment.redis()) {
      assertFalse(redis.exists("token:" + token), "the token key expired with its user");
    }
    HttpResponse<String> second =
        api.post("/api/users", "{\"username\":\"" + b + "\",\"token\":\"" + token + "\"}");
    assertEquals(409, second.statusCode(), second.body());
    String later = Instant.now().plusSeconds(3600).toString();
    assertEquals(
        200, api.put("/api/users/" + a, "{\"expires_at\":\"" + later + "\"}").statusCode());
    try (Jedis redis = ItEnvironment.redis()) {
      assertTrue(redis.get("token:" + token).contains("\"username\":\"" + a + "\""));
    }
    // Rotating A's token frees T for B, and only then.
    assertEquals(
        200,
        api.put("/api/users/" + a, "{\"token\":\"" + ItEnvironment.newToken() + "\"}")
            .statusCode());
    assertEquals(
        201,
        api.post("/api/users", "{\"username\":\"" + b + "\",\"token\":\"" + token + "\"}")
            .statusCode());
    api.delete("/api/users/" + a);
    api.delete("/api/users/" + b);
  }

  @Test
  void oneAddressCannotWatchThreeChannelsOnOneConnection() throws Exception {
    String token = subscriber(1);
    List<String> ids = List.of(liveChannel(), liveChannel(), liveChannel());
    // Segment URLs are authorised like playlists; a name that is not on disk is a plain 404 once
    // allowed, so no FFmpeg is needed to see the decision.
    List<Integer> statuses = new ArrayList<>();
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline) && !statuses.contains(429)) {
      for (String id : ids) {
        statuses.add(
            Curl.from("127.0.0.41")
                .get(stack.edge().baseUrl() + "/live/" + token + "/stream_" + id + "_0a0b0c0d_1.ts")
                .status());
      }
      Thread.sleep(500);
    }
    assertTrue(
        statuses.contains(429),
        "three channels at once from one address were refused: " + statuses);
  }

  @Test
  void zappingToAnotherChannelIsStillFree() {
    String token = subscriber(1);
    String first = liveChannel();
    String second = liveChannel();
    String segment = "_0a0b0c0d_1.ts";
    assertEquals(
        404,
        Curl.from("127.0.0.42")
            .get(stack.edge().baseUrl() + "/live/" + token + "/stream_" + first + segment)
            .status());
    assertEquals(
        404,
        Curl.from("127.0.0.42")
            .get(stack.edge().baseUrl() + "/live/" + token + "/stream_" + second + segment)
            .status());
  }

  @Test
  void coldStartsPerUserAreCapped() {
    String token = subscriber(50);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // A dead upstream: nothing listens on port 1 of the allowed address.
      String id = channel("http://" + LiveUpstream.ADDRESS + ":1/dead" + i + ".ts");
      statuses.add(Curl.from("127.0.0.43").get(playlist(token, id)).status());
    }
    assertTrue(statuses.contains(429), "cold starts beyond the cap were refused: " + statuses);
    assertEquals(10, statuses.stream().filter(s -> s != 429).count(), statuses.toString());
  }

  @Test
  void racingRequestsForOneColdChannelAreChargedAsOneStart() throws Exception {
    String token = subscriber(50);
    String raced = channel("http://" + LiveUpstream.ADDRESS + ":1/raced.ts");
    List<java.util.concurrent.CompletableFuture<Integer>> racing = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      racing.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> Curl.from("127.0.0.44").get(playlist(token, raced)).status()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (var r : racing) {
      statuses.add(r.get());
    }
    assertFalse(statuses.contains(429), "one channel, one charge: " + statuses);
    // Nine more channels fit in the budget of ten; the eleventh does not.
    for (int i = 0; i < 9; i++) {
      String id = channel("http://" + LiveUpstream.ADDRESS + ":1/more" + i + ".ts");
      assertNotEquals(429, Curl.from("127.0.0.44").get(playlist(token, id)).status(), "start " + i);
    }
    String eleventh = channel("http://" + LiveUpstream.ADDRESS + ":1/eleventh.ts");
    assertEquals(429, Curl.from("127.0.0.44").get(playlist(token, eleventh)).status());
  }

  @Test
  void overTheRateLimitAPlayerGets429AndNoTokenReachesNginxLogs() throws Exception {
    String token = subscriber(1);
    String id = liveChannel();
    List<String> command =
        new ArrayList<>(
            List.of("curl", "-s", "-w", "%{http_code}\\n", "--interface", "127.0.0.44"));
    for (int i = 0; i < 400; i++) {
      command.addAll(
          List.of(
              "-o",
              "/dev/null",
              stack.edge().baseUrl()
                  + "/live/"
                  + token
                  + "/stream_"
                  + id
                  + "_0a0b0c0d_"
                  + i
                  + ".ts"));
    }
    Process curl = new ProcessBuilder(command).start();
    List<String> statuses =
        new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
    assertTrue(statuses.contains("429"), "over the rate limit: 429, not 503: " + statuses);
    assertFalse(statuses.contains("503"), statuses.toString());
    // Refusals of other kinds: a token nobody has, a second connection over the limit.
    String stranger = ItEnvironment.newToken();
    assertEquals(403, Curl.from("127.0.0.45").get(playlist(stranger, id)).status());
    Curl.from("127.0.0.46").get(playlist(token, id));
    Curl.from("127.0.0.47").get(playlist(token, id));
    Path logs = ItEnvironment.workDir().resolve("nginx/logs");
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(token), file + " holds a subscriber token");
        assertFalse(text.contains(stranger), file + " holds a token");
      }
    }
  }

  @Test
  void upstreamCredentialsReachNoLogAndLogsAreNotWorldReadable() throws Exception {
    String token = subscriber(2);
    String id = channel("http://viewer:s3cretPw0rd@" + LiveUpstream.ADDRESS + ":1/dead.ts");
    Curl.from("127.0.0.1").get(playlist(token, id));
    Path log = ItEnvironment.workDir().resolve("ffmpeg-logs").resolve("stream_" + id + ".log");
    Instant deadline = Instant.now().plusSeconds(10);
    while (!Files.exists(log) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    Thread.sleep(1000);
    assertTrue(Files.exists(log));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    assertFalse(
        Files.readString(log).contains("s3cretPw0rd"), "FFmpeg's log has no upstream password");
    assertFalse(admin.get("/api/streams/" + id + "/log").body().contains("s3cretPw0rd"));
    Path serverLog =
        Path.of(ItEnvironment.property("it.wildfly.home"), "standalone/log/server.log");
    if (Files.exists(serverLog)) {
      assertFalse(
          Files.readString(serverLog, StandardCharsets.ISO_8859_1).contains("s3cretPw0rd"),
          "server.log has no upstream password");
    }
  }

  @Test
  void duplicateKeysAndLoneSurrogatesAreRefusedAndChangeNothing() throws Exception {
    String username = ItEnvironment.unique("dup");
    Http api = stack.edge().http().withAdminToken();
    HttpResponse<String> dup =
        api.post(
            "/api/users",
            "{\"username\":\""
                + username
                + "\",\"token\":\""
                + ItEnvironment.newToken()
                + "\",\"max_connections\":1,\"max_connections\":1000}");
    assertEquals(400, dup.statusCode(), dup.body());
    assertTrue(
        JSON.readTree(dup.body()).get("error").asText().contains("max_connections"), dup.body());
    assertEquals(404, api.get("/api/users/" + username).statusCode());
    assertEquals(
        201,
        api.post(
                "/api/users",
                "{\"username\":\""
                    + username
                    + "\",\"token\":\""
                    + ItEnvironment.newToken()
                    + "\",\"max_connections\":1}")
            .statusCode());
    HttpResponse<String> surrogate =
        api.put("/api/users/" + username, "{\"email\":\"a\\ud800@example.com\"}");
    assertEquals(400, surrogate.statusCode(), surrogate.body());
    HttpResponse<String> dupPut =
        api.put("/api/users/" + username, "{\"max_connections\":2,\"max_connections\":1000}");
    assertEquals(400, dupPut.statusCode(), dupPut.body());
    assertEquals(
        1,
        JSON.readTree(api.get("/api/users/" + username).body()).get("max_connections").asInt(),
        "unchanged");
    String id = ItEnvironment.unique("dup");
    HttpResponse<String> channelDup =
        api.post(
            "/api/channels",
            "{\"channel_id\":\""
                + id
                + "\",\"channel_id\":\"other\",\"name\":\"n\",\"source_url\":\"http://up.example/x\"}");
    assertEquals(400, channelDup.statusCode());
    HttpResponse<String> nameSurrogate =
        api.post(
            "/api/channels",
            "{\"channel_id\":\""
                + id
                + "\",\"name\":\"\\udc00x\",\"source_url\":\"http://up.example/x\"}");
    assertEquals(400, nameSurrogate.statusCode());
    assertEquals(404, api.get("/api/channels/" + id).statusCode());
    api.delete("/api/users/" + username);
  }

  @Test
  void logosAreHttpUrlsOrRelativePathsOnly() {
    Http api = stack.edge().http().withAdminToken();
    for (String logo :
        List.of(
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:image/png;base64,AAAA",
            " javascript:alert(1)",
            "java\\tscript:alert(1)",
            "vbscript:x",
            "file:///etc/passwd")) {
      String id = ItEnvironment.unique("logo");
      HttpResponse<String> created =
          api.post(
              "/api/channels",
              "{\"channel_id\":\""
                  + id
                  + "\",\"name\":\"n\",\"source_url\":\"http://up.example/x\",\"logo\":\""
                  + logo
                  + "\"}");
      assertEquals(400, created.statusCode(), logo + " -> " + created.body());
      assertTrue(created.body().contains("logo"), created.body());
    }
    for (String logo :
        List.of(
            "images/no_logo.jpg",
            "http://cdn.example/l.png",
            "HTTPS://cdn.example/l.png",
            "/logos/a b.png")) {
      String id = ItEnvironment.unique("logo");
      HttpResponse<String> created =
          api.post(
              "/api/channels",
              "{\"channel_id\":\""
                  + id
                  + "\",\"name\":\"n\",\"source_url\":\"http://up.example/x\",\"logo\":\""
                  + logo
                  + "\"}");
      assertEquals(201, created.statusCode(), logo + " -> " + created.body());
      api.delete("/api/channels/" + id);
    }
  }
}
