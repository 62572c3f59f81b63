package io.iptvorigin.monitoring.status;

import static io.iptvorigin.support.TestChannels.aLiveChannel;
import static io.iptvorigin.support.TestUsers.aUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.iptvorigin.support.AdminApi;
import io.iptvorigin.support.Curl;
import io.iptvorigin.support.ItEnvironment;
import io.iptvorigin.support.MediaTools;
import io.iptvorigin.support.OriginStack;
import io.iptvorigin.support.StatusPageBrowser;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page through nginx: an operator's headless Chromium signs in with the form and sees
 * the channel a subscriber watches, with JavaScript (the page refreshes itself) and without; its
 * screenshot is kept in target/artefacts/. Outsiders get nothing: other addresses, no or a wrong
 * token, the app's own URL under any spelling, a form posted from another site.
 */
@ExtendWith(ArquillianExtension.class)
class StatusPageIT {
  @RegisterExtension
  static final OriginStack stack = OriginStack.deployed().withNginx().withUpstream();

  private final AdminApi admin = stack.admin();

  @Test
  void anOperatorsBrowserSignsInAndSeesTheWatchedChannelWithAndWithoutJavaScript()
      throws Exception {
    String channel = admin.create(aLiveChannel(stack.upstream()).named("Status <b>One</b>"));
    String token = admin.create(aUser()).token();
    MediaTools.Result watched = MediaTools.read(stack.edge().hlsUrl(token, channel), 4);
    assertEquals(0, watched.exit(), watched.output());

    Path screenshot =
        Path.of(System.getProperty("it.project.dir", System.getProperty("user.dir")))
            .resolve("target/artefacts/status-page.png");
    Files.deleteIfExists(screenshot);
    JsonNode seen =
        StatusPageBrowser.visit(
            stack.edge().url("/status"), ItEnvironment.adminToken(), screenshot);

    JsonNode js = seen.get("withScript");
    assertEquals("[]", js.get("problems").toString(), js.toString());
    assertEquals(401, js.get("beforeLogin").asInt(), "the login form first");
    assertTrue(js.get("formShown").asBoolean());
    assertEquals(401, js.get("wrongToken").asInt());
    assertEquals(200, js.get("afterLogin").asInt(), js.toString());
    assertTrue(js.get("url").asText().endsWith("/status"), js.toString());
    assertTrue(contains(js.get("channels"), channel), "the running channel is listed: " + js);
    assertTrue(js.get("heading").asText().contains("viewers: "), js.toString());
    assertTrue(js.get("refreshed").asBoolean(), "the page refreshes itself: " + js);
    assertTrue(contains(js.get("channelsAfterRefresh"), channel), js.toString());
    JsonNode cookie = js.get("cookie");
    assertTrue(cookie.get("httpOnly").asBoolean(), cookie.toString());
    assertEquals("Strict", cookie.get("sameSite").asText());
    assertEquals("/status", cookie.get("path").asText());
    assertFalse(cookie.get("holdsToken").asBoolean(), "the cookie is not the admin token");
    assertEquals(401, js.get("afterLogout").asInt(), "signed out: the form again");
    assertTrue(Files.size(screenshot) > 10_000, "a screenshot is kept: " + screenshot);

    JsonNode plain = seen.get("withoutScript");
    assertEquals("[]", plain.get("problems").toString(), plain.toString());
    assertEquals(200, plain.get("afterLogin").asInt(), "the form works without JavaScript");
    assertTrue(contains(plain.get("channels"), channel), plain.toString());
    assertEquals(401, plain.get("afterLogout").asInt());
  }

  @Test
  void theBearerTokenOpensThePageAndTheNameIsEscaped() {
    String channel = admin.create(aLiveChannel(stack.upstream()).named("<img src=x>"));
    admin.startStream(channel);
    Curl.Answer page = Curl.from("127.0.0.1").adminToken().get(stack.edge().url("/status"));
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("data-channel=\"" + channel + "\""));
    assertTrue(page.body().contains("&lt;img src=x&gt;"));
    assertFalse(page.body().contains("<img src=x>"));
    assertFalse(page.body().contains(ItEnvironment.adminToken()));
    admin.stopStream(channel);
  }

  @Test
  void outsidersGetNothing() {
    String url = stack.edge().url("/status");
    assertEquals(403, Curl.from("127.0.0.2").adminToken().get(url).status(), "other addresses");
    assertEquals(
        403,
        Curl.from("127.0.0.2")
            .form("token=" + ItEnvironment.adminToken())
            .get(stack.edge().url("/status/login"))
            .status());
    // nginx decodes %73 to "s" before matching: the same location, with the same guards.
    assertEquals(
        403, Curl.from("127.0.0.2").adminToken().get(stack.edge().url("/%73tatus")).status());
    assertEquals(401, Curl.from("127.0.0.1").get(stack.edge().url("/%73tatus")).status());
    Curl.Answer anonymous = Curl.from("127.0.0.1").get(url);
    assertEquals(401, anonymous.status(), "no token: the login form");
    assertFalse(anonymous.body().contains("data-channel"));
    assertEquals(
        401, Curl.from("127.0.0.1").header("Authorization", "Bearer nope").get(url).status());
    assertEquals(
        401,
        Curl.from("127.0.0.1").header("Cookie", "iptv_status=4102444800.0000").get(url).status(),
        "a forged cookie");
    assertEquals(
        403,
        Curl.from("127.0.0.1")
            .header("Origin", "https://evil.example")
            .form("token=" + ItEnvironment.adminToken())
            .get(stack.edge().url("/status/login"))
            .status(),
        "a login posted from another site (an old browser)");
    assertEquals(
        403,
        Curl.from("127.0.0.1")
            .header("Sec-Fetch-Site", "cross-site")
            .header("Origin", "null")
            .form("token=" + ItEnvironment.adminToken())
            .get(stack.edge().url("/status/logout"))
            .status(),
        "a logout posted from another site");
    assertEquals(
        400,
        Curl.from("127.0.0.1")
            .post("{\"token\":\"x\"}")
            .get(stack.edge().url("/status/login"))
            .status(),
        "the login is a form");
    for (String path :
        new String[] {
          "/internal/status",
          "/status/../internal/status",
          "/status/",
          "/status/x",
          "/status;x",
          "/statusx",
          "//status"
        }) {
      Curl.Answer answer = Curl.from("127.0.0.1").adminToken().get(stack.edge().url(path));
      assertTrue(
          answer.status() == 400 || answer.status() == 404,
          path + " -> " + answer.status() + " " + answer.body());
      assertFalse(answer.body().contains("data-channel"), path);
    }
    HttpResponse<String> straight = stack.app().withAdminToken().get("/internal/status");
    assertEquals(404, straight.statusCode(), "the app's URL without nginx's secret");
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
