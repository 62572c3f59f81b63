package io.iptvorigin.access;

import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestUsers;
import io.iptvorigin.support.TestUsers.Subscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every HLS byte authorised, through the real nginx (auth_request + its answer cache), WildFly,
 * Redis and FFmpeg. Players are curl processes bound to distinct loopback addresses (127.0.0.x), so
 * nginx sees distinct clients. The test server runs with a 10 s session window; nginx caches
 * authorisation answers 5 s.
 */
@ExtendWith(ArquillianExtension.class)
class ViewerAccessIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();
  private final List<Player> players = new ArrayList<>();

  @AfterEach
  void stopPlayers() {
    players.forEach(Player::stop);
  }

  private String channel() {
    return admin.create(aLiveChannel(stack.upstream()));
  }

  private Subscriber subscriber(int maxConnections) {
    return admin.create(aUser().withMaxConnections(maxConnections));
  }

  private static String playlistUrl(String token, String channel) {
    return stack.edge().hlsUrl(token, channel);
  }

  /** One GET with curl from a chosen loopback address: status and body. */
  private static String[] get(String from, String url) {
    Curl.Answer answer = Curl.from(from).get(url);
    return new String[] {Integer.toString(answer.status()), answer.body()};
  }

  private static int status(String from, String url) {
    return Integer.parseInt(get(from, url)[0]);
  }

  /** A player refreshing a channel playlist every 700 ms from one address, noting each status. */
  private final class Player {
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    final List<Instant> refusedAt = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private final Thread thread;

    Player(String from, String url) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  int status = status(from, url);
                  statuses.add(status);
                  if (status != 200) {
                    refusedAt.add(Instant.now());
                  }
                  sleep(700);
                }
              });
      thread.setDaemon(true);
      thread.start();
      players.add(this);
    }

    void stop() {
      running = false;
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String firstSegment(String token, String channel) {
    String[] playlist = get("127.0.0.1", playlistUrl(token, channel));
    assertEquals("200", playlist[0], playlist[1]);
    return playlist[1].lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
  }

  @Test
  void playlistAndSegmentNeedAValidActiveUnexpiredToken() throws Exception {
    String channel = channel();
    Subscriber owner = subscriber(5);
    String segment = firstSegment(owner.token(), channel);
    String segmentPath = "/stream_" + channel + ".m3u8";

    Subscriber disabled = subscriber(5);
    admin.put("/api/users/" + disabled.username(), "{\"is_active\":false}");
    String expired = TestUsers.expiredGrant(Duration.ofSeconds(5), 5);
    for (String[] token :
        List.of(
            new String[] {ItEnvironment.newToken(), "Invalid token"},
            new String[] {disabled.token(), "Token disabled"},
            new String[] {expired, "Token expired"})) {
      String[] playlist =
          get("127.0.0.1", stack.edge().baseUrl() + "/live/" + token[0] + segmentPath);
      assertEquals("403", playlist[0], token[1]);
      assertEquals("ERROR: " + token[1], playlist[1].strip());
      String[] ts = get("127.0.0.1", stack.edge().baseUrl() + "/live/" + token[0] + "/" + segment);
      assertEquals("403", ts[0], "segment exists but the token is refused: " + token[1]);
    }
    assertEquals(
        404, status("127.0.0.1", stack.edge().baseUrl() + "/live/" + segment), "no token, no file");
    assertEquals(
        403, status("127.0.0.1", stack.edge().baseUrl() + "/live/stream_" + channel + ".m3u8"));
    assertEquals(
        200,
        status("127.0.0.1", stack.edge().baseUrl() + "/live/" + owner.token() + "/" + segment));
  }

  @Test
  void referenceUrlShapePlaysInFfprobeAndFfmpeg() throws Exception {
    String channel = channel();
    Subscriber viewer = subscriber(2);
    String legacy =
        stack.edge().baseUrl() + "/live/stream_" + channel + ".m3u8?token=" + viewer.token();

    MediaTools.Result probe = MediaTools.probe(legacy, "stream=codec_name");
    String streams = probe.output();
    assertEquals(0, probe.exit(), streams);
    assertTrue(streams.contains("h264") && streams.contains("aac"), streams);

    MediaTools.Result play = MediaTools.read(legacy, 4);
    assertEquals("", play.output().strip());
    assertEquals(0, play.exit());
  }

  private Duration timeToRefusal(Subscriber viewer, String channel, Consumer<Subscriber> revoke) {
    assertEquals(200, status("127.0.0.1", playlistUrl(viewer.token(), channel)));
    Player player = new Player("127.0.0.1", playlistUrl(viewer.token(), channel));
    sleep(2000);
    assertTrue(player.refusedAt.isEmpty(), "plays before the revocation: " + player.statuses);
    Instant revoked = Instant.now();
    revoke.accept(viewer);
    Instant limit = revoked.plusSeconds(15);
    while (player.refusedAt.isEmpty() && Instant.now().isBefore(limit)) {
      sleep(200);
    }
    player.stop();
    assertTrue(!player.refusedAt.isEmpty(), "refused after revocation: " + player.statuses);
    return Duration.between(revoked, player.refusedAt.get(0));
  }

  @Test
  void deletingTheUserStopsPlaybackWithin10Seconds() {
    String channel = channel();
    Duration took =
        timeToRefusal(subscriber(2), channel, v -> admin.delete("/api/users/" + v.username()));
    assertTrue(took.toSeconds() <= 10, "took " + took);
  }

  @Test
  void disablingTheUserStopsPlaybackWithin10Seconds() {
    String channel = channel();
    Duration took =
        timeToRefusal(
            subscriber(2),
            channel,
            v -> admin.put("/api/users/" + v.username(), "{\"is_active\":false}"));
    assertTrue(took.toSeconds() <= 10, "took " + took);
  }

  @Test
  void rotatingTheTokenStopsTheOldOneWithin10Seconds() {
    String channel = channel();
    Duration took =
        timeToRefusal(
            subscriber(2),
            channel,
            v ->
                admin.put(
                    "/api/users/" + v.username(),
                    "{\"token\":\"" + ItEnvironment.newToken() + "\"}"));
    assertTrue(took.toSeconds() <= 10, "took " + took);
  }

  @Test
  void maxConnectionsRefusesAThirdAddressWithoutDisturbingTheFirstTwoAndFreesASlotAfterAStop()
      throws Exception {
    String first = channel();
    String second = channel();
    Subscriber account = subscriber(2);
    assertEquals(200, status("127.0.0.11", playlistUrl(account.token(), first)));
    assertEquals(200, status("127.0.0.12", playlistUrl(account.token(), second)));
    Player a = new Player("127.0.0.11", playlistUrl(account.token(), first));
    Player b = new Player("127.0.0.12", playlistUrl(account.token(), second));
    sleep(1500);

    String[] third = get("127.0.0.13", playlistUrl(account.token(), first));
    assertEquals("429", third[0]);
    assertTrue(third[1].startsWith("ERROR: Too many connections"), third[1]);
    sleep(3000);
    assertTrue(
        a.refusedAt.isEmpty() && b.refusedAt.isEmpty(),
        "playing sessions never cut: " + a.statuses + " " + b.statuses);

    JsonNode sessions =
        JSON.readTree(admin.get("/api/users/" + account.username() + "/sessions").body());
    assertEquals(2, sessions.get("count").asInt(), sessions.toString());

    b.stop();
    Instant stopped = Instant.now();
    int status = 0;
    while (status != 200 && Instant.now().isBefore(stopped.plusSeconds(25))) {
      sleep(1000);
      status = status("127.0.0.13", playlistUrl(account.token(), first));
    }
    assertEquals(
        200, status, "a slot frees within the session window (10 s) plus nginx's cache (5 s)");
    assertTrue(a.refusedAt.isEmpty(), "the first player never saw an error: " + a.statuses);
  }

  @Test
  void zappingFromOneAddressIsNeverRefused() {
    String first = channel();
    String second = channel();
    Subscriber account = subscriber(1);
    assertEquals(200, status("127.0.0.21", playlistUrl(account.token(), first)));
    assertEquals(200, status("127.0.0.21", playlistUrl(account.token(), second)));
    assertEquals(200, status("127.0.0.21", playlistUrl(account.token(), first)));
  }

  @Test
  void activeStreamsShowLiveViewerCounts() throws Exception {
    String channel = channel();
    Subscriber account = subscriber(3);
    assertEquals(200, status("127.0.0.31", playlistUrl(account.token(), channel)));
    assertEquals(200, status("127.0.0.32", playlistUrl(account.token(), channel)));
    JsonNode stream = admin.activeStream(channel);
    assertEquals(2, stream.get("viewers").asInt(), stream.toString());
  }
}
