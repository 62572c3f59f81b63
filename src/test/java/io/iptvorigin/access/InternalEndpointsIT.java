package io.iptvorigin.access;

import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.TestUsers.Subscriber;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The nginx-only endpoints (channel start, viewer authorisation) and the admin API cannot be
 * reached by URL tricks through nginx (path parameters, encoded slashes, dot segments), nor by a
 * local process that calls WildFly straight without nginx's internal secret. Each reproduction of
 * the attack report is here as written, with other spellings of it.
 */
@ExtendWith(ArquillianExtension.class)
class InternalEndpointsIT {
  private static final String OUTSIDER = "127.0.0.2";
  private static final String PANEL = "127.0.0.1";

  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();
  private String channel;

  @BeforeEach
  void createChannel() {
    channel = admin.create(aLiveChannel(stack.upstream()));
  }

  private static String edge(String path) {
    return stack.edge().url(path);
  }

  private static String app(String path) {
    return ItEnvironment.appUrl() + path;
  }

  @Test
  void startEndpointCannotBeReachedThroughNginxByPathParameters() {
    for (String path :
        List.of(
            "/api/internal/start/" + channel + ";x=..%2F..%2F..%2F..%2Fhealth",
            "/api/internal/start/" + channel + ";..%2f..%2f..%2f..%2fhealth",
            "/api/internal/start/" + channel + "%3Bx=..%2F..%2F..%2F..%2Fhealth",
            "/api/internal/start/" + channel + "/..;/..;/..;/..;/health",
            "/api/health/..%2F..%2Finternal/start/" + channel,
            "/api/health/../internal/start/" + channel,
            "/api/health%2F..%2F..%2Finternal%2Fstart%2F" + channel)) {
      Curl.Answer answer = Curl.from(OUTSIDER).get(edge(path));
      assertNotEquals(200, answer.status(), path + " -> " + answer.body());
    }
    assertFalse(admin.running(channel), "no URL trick started the channel's FFmpeg");
  }

  @Test
  void panelAddressWithoutTokenCannotStartByPathParameterOnTheInternalPrefix() {
    for (String path :
        List.of(
            "/api/internal;x/start/" + channel,
            "/api/internal;/start/" + channel,
            "/api/internal%3B/start/" + channel,
            "/api/./internal/start/" + channel,
            "/api//internal/start/" + channel)) {
      Curl.Answer answer = Curl.from(PANEL).get(edge(path));
      assertNotEquals(200, answer.status(), path + " -> " + answer.body());
    }
    assertFalse(admin.running(channel), "no URL trick started the channel's FFmpeg");
  }

  @Test
  void adminApiIsNotReachedFromOutsideByPathParameters() {
    String username = ItEnvironment.unique("int");
    String body =
        "{\"username\":\"" + username + "\",\"token\":\"" + ItEnvironment.newToken() + "\"}";
    for (String path :
        List.of(
            "/api/users;x=..%2F..%2Fhealth",
            "/api/users;..%2f..%2fhealth",
            "/api/users/..;/..;/health",
            "/api/health/..%2Fusers",
            "/api/health%2F..%2Fusers")) {
      assertNotEquals(
          200, Curl.from(OUTSIDER).adminToken().get(edge(path)).status(), "GET " + path);
      Curl.Answer created = Curl.from(OUTSIDER).adminToken().post(body).get(edge(path));
      assertTrue(created.status() >= 400, "POST " + path + " -> " + created.status());
    }
    assertEquals(404, admin.get("/api/users/" + username).statusCode(), "no user was created");
  }

  @Test
  void authorisationCannotBeForgedThroughNginx() {
    Subscriber user = admin.create(aUser());
    String username = user.username();
    String token = user.token();
    for (String path :
        List.of(
            "/internal/authorize;x=..%2F..%2F..%2Fapi%2Fhealth",
            "/internal/authorize;..%2f..%2fapi%2fhealth",
            "/api/health/..%2F..%2Finternal%2Fauthorize",
            "/api/health/../../internal/authorize",
            "/_authorize")) {
      Curl.Answer answer =
          Curl.from(OUTSIDER)
              .header("X-Token", token)
              .header("X-Channel", channel)
              .header("X-Client-Addr", "203.0.113.7")
              .get(edge(path));
      assertNotEquals(200, answer.status(), path);
    }
    assertTrue(
        admin.get("/api/users/" + username + "/sessions").body().contains("\"count\":0"),
        "no forged session was recorded");
    admin.delete("/api/users/" + username);
  }

  @Test
  void aLocalProcessWithoutTheSecretCannotCallTheInternalEndpoints() {
    String token = admin.create(aUser()).token();
    assertEquals(404, Curl.from(PANEL).get(app("/api/internal/start/" + channel)).status());
    assertEquals(
        404,
        Curl.from(PANEL)
            .header(InternalCaller.HEADER, "guess")
            .get(app("/api/internal/start/" + channel))
            .status());
    assertEquals(
        404,
        Curl.from(PANEL)
            .header("X-Token", token)
            .header("X-Channel", channel)
            .header("X-Client-Addr", "203.0.113.7")
            .get(app("/internal/authorize"))
            .status());
    assertFalse(admin.running(channel));
    // The same calls with the secret are what nginx makes: they work.
    Curl.Answer allowed =
        Curl.from(PANEL)
            .header(InternalCaller.HEADER, ItEnvironment.property("it.internal.secret"))
            .header("X-Token", token)
            .header("X-Channel", channel)
            .header("X-Client-Addr", "203.0.113.7")
            .get(app("/internal/authorize"));
    assertEquals(200, allowed.status());
  }

  @Test
  void aClientCannotSendTheSecretHeaderThroughNginx() {
    // The header is stripped from every public location: the API still wants its token.
    Curl.Answer answer =
        Curl.from(PANEL)
            .header(InternalCaller.HEADER, ItEnvironment.property("it.internal.secret"))
            .get(edge("/api/users"));
    assertEquals(401, answer.status());
  }

  @Test
  void thePlayersPathStillStartsTheChannelThroughNginx() {
    String token = admin.create(aUser()).token();
    Curl.Answer playlist =
        Curl.from(OUTSIDER).get(edge("/live/" + token + "/stream_" + channel + ".m3u8"));
    assertEquals(200, playlist.status(), playlist.body());
    assertTrue(playlist.body().startsWith("#EXTM3U"));
    assertTrue(admin.running(channel));
  }

  @Test
  void noStreamKeysAreLeftForUnknownChannels() {
    String token = admin.create(aUser()).token();
    String unknown = ItEnvironment.unique("nochan");
    Curl.Answer answer =
        Curl.from(OUTSIDER).get(edge("/live/" + token + "/stream_" + unknown + ".m3u8"));
    assertEquals(404, answer.status(), answer.body());
    try (Jedis redis = ItEnvironment.redis()) {
      assertTrue(
          redis.keys("stream:" + unknown + "*").isEmpty(), "no stream keys for an unknown channel");
    }
  }
}
